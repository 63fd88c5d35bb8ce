package content

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/loket/loket"
)

// Category groups documents on the help site. Titles and order come from
// categories.yml in the locale folder.
type Category = loket.Category

// parseCategories reads a categories.yml file: a list of slug, title and
// description.
func parseCategories(src []byte, ds *diagnostics) []Category {
	var nodes []yaml.Node
	if err := yaml.Unmarshal(src, &nodes); err != nil {
		line, msg := yamlError(err)
		ds.errorf(line, "malformed categories: %s", msg)
		return nil
	}
	var out []Category
	seen := map[string]bool{}
	for _, n := range nodes {
		var c Category
		if err := n.Decode(&c); err != nil || n.Kind != yaml.MappingNode {
			ds.errorf(n.Line, "a category is a mapping with slug, title and description")
			continue
		}
		c.Slug = strings.TrimSpace(c.Slug)
		switch {
		case c.Slug == "":
			ds.errorf(n.Line, "category without a slug")
			continue
		case seen[c.Slug]:
			ds.errorf(n.Line, "category %q is listed twice", c.Slug)
			continue
		}
		seen[c.Slug] = true
		if c.Title == "" {
			c.Title = c.Slug
		}
		out = append(out, c)
	}
	return out
}

// categoriesFile is the path of the categories file for a locale.
func categoriesFile(l loket.Locale) string { return string(l) + "/categories.yml" }
