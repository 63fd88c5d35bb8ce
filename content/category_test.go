package content_test

import (
	"reflect"
	"testing"

	"github.com/loket/loket/content"
)

const categoriesYML = `- slug: internet
  title: Internet en tv
  description: Storingen, wifi en het modem.
- slug: energie
  title: Stroom en gas
- slug: facturen
`

func TestCategories(t *testing.T) {
	s := load(t, mapFS(map[string]string{
		"nl/categories.yml":      categoriesYML,
		"nl/internet/storing.md": doc("title: Storing\ncategory: internet", "Body.\n"),
		"nl/verhuizen/a.md":      doc("title: A\n\ncategory: verhuizen", "Body.\n"),
		"nl/verhuizen/b.md":      doc("title: B\ncategory: verhuizen", "Body.\n"),
		"nl/zakelijk.md":         doc("title: Z\ncategory: zakelijk", "Body.\n"),
		"en/internet/outage.md":  doc("title: Outage\ncategory: internet", "Body.\n"),
		"categories.yml":         "- slug: ignored\n",
	}), content.Options{})

	want := []content.Category{
		{Slug: "internet", Title: "Internet en tv", Description: "Storingen, wifi en het modem."},
		{Slug: "energie", Title: "Stroom en gas"},
		{Slug: "facturen", Title: "facturen"},
		{Slug: "verhuizen", Title: "verhuizen"},
		{Slug: "zakelijk", Title: "zakelijk"},
	}
	if got := s.Categories("nl"); !reflect.DeepEqual(got, want) {
		t.Errorf("Categories(nl) =\n%+v\nwant\n%+v", got, want)
	}
	findDiag(t, s, content.SeverityWarning, "nl/verhuizen/a.md", 4, `category "verhuizen" is not in nl/categories.yml; its title is shown as "verhuizen"`)
	findDiag(t, s, content.SeverityWarning, "nl/zakelijk.md", 3, `category "zakelijk" is not in nl/categories.yml`)
	if s.Errors() != 0 {
		t.Errorf("errors:\n%s", diagList(s.Diagnostics))
	}
	if s.Article("nl", "verhuizen/a") == nil {
		t.Error("a document with an undeclared category is not published")
	}
	// Without a categories file, categories are listed by slug, silently.
	if got := s.Categories("en"); !reflect.DeepEqual(got, []content.Category{{Slug: "internet", Title: "internet"}}) {
		t.Errorf("Categories(en) = %+v", got)
	}
	noDiags(t, s, "en/internet/outage.md", "nl/categories.yml", "categories.yml")
}

func TestCategoriesErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
		want      []content.Category
	}{
		{"malformed", "- slug: internet\n  title: [Internet\n", 2, "malformed categories", nil},
		{"not a mapping", "- slug: internet\n- energie\n", 2, "a category is a mapping with slug, title and description", []content.Category{{Slug: "internet", Title: "internet"}}},
		{"no slug", "- title: Internet\n", 1, "category without a slug", nil},
		{"twice", "- slug: a\n- slug: b\n- slug: a\n", 3, `category "a" is listed twice`, []content.Category{{Slug: "a", Title: "a"}, {Slug: "b", Title: "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, mapFS(map[string]string{"nl/categories.yml": tt.src, "nl/good.md": doc("title: Good", "Body.\n")}), content.Options{})
			findDiag(t, s, content.SeverityError, "nl/categories.yml", tt.line, tt.msg)
			if got := s.Categories("nl"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Categories = %+v; want %+v", got, tt.want)
			}
			checkGood(t, s)
		})
	}
}
