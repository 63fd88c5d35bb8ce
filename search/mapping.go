package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	// Register the stemmers of the languages below.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
)

// mappingVersion changes whenever the mapping or the analysis changes, so
// that an index built by another version is rebuilt rather than reused.
const mappingVersion = 2

// language describes the analysis of one language: its stemmer as
// registered with Bleve. Stop words are kept: BM25 already gives frequent
// words little weight, and in short customer questions words such as "how",
// "can" or "kan" often carry the meaning (measured in docs/benchmarks.md).
type language struct {
	stem       string
	possessive string // English only
}

// languages Loket analyses with stemming and stop words. Other languages
// get a plain analyzer: lower case, accents folded, no stemming.
var languages = map[string]language{
	"nl": {stem: "stemmer_nl_snowball"},
	"en": {stem: "stemmer_en_snowball", possessive: "possessive_en"},
	"de": {stem: "stemmer_de_snowball"},
	"fr": {stem: "stemmer_fr_snowball"},
	"es": {stem: "stemmer_es_snowball"},
	"it": {stem: "stemmer_it_snowball"},
	"pt": {stem: "stemmer_pt_light"},
	"da": {stem: "stemmer_da_snowball"},
	"sv": {stem: "stemmer_sv_snowball"},
}

// otherLanguage is the field suffix for languages without their own analysis.
const otherLanguage = "xx"

// fieldLanguage returns the suffix of a language's fields: each language has
// its own fields (title_nl, body_en), because Bleve picks the analyzer of a
// field shared between document types at random at query time.
func fieldLanguage(lang string) string {
	if _, ok := languages[lang]; ok {
		return lang
	}
	return otherLanguage
}

// Field names. Text fields carry a language suffix: fieldTitle + "_nl".
const (
	fieldKind     = "kind"
	fieldLocale   = "locale"
	fieldAudience = "audience"
	fieldCategory = "category"
	fieldTitle    = "title"
	fieldQuestion = "questions"
	fieldTags     = "tags"
	fieldBody     = "body"
	typeField     = "_type"
)

// Analyzer names.
const (
	analyzerSuggestQuery = "loket_suggest_query" // the words as typed, folded
)

func textAnalyzer(lang string) string { return "loket_" + lang }

func synonymSource(lang string) string { return "synonyms_" + lang }

func synonymCollection(lang string) string { return "synonyms_" + lang }

// newMapping builds the explicit index mapping: one document type per
// language, no dynamic fields, no default mapping.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.TypeField = typeField
	im.ScoringModel = "bm25"
	im.DefaultMapping.Enabled = false
	im.DefaultMapping.Dynamic = false
	im.DefaultAnalyzer = keyword.Name
	if err := addAnalyzers(im); err != nil {
		return nil, err
	}
	for _, lang := range append(sortedLanguages(), otherLanguage) {
		if err := im.AddSynonymSource(synonymSource(lang), map[string]any{
			"collection": synonymCollection(lang),
			"analyzer":   textAnalyzer(lang),
		}); err != nil {
			return nil, err
		}
		im.AddDocumentMapping(docType(lang), documentMapping(lang))
	}
	return im, nil
}

func docType(lang string) string { return "doc_" + lang }

func addAnalyzers(im *mapping.IndexMappingImpl) error {
	analyzers := map[string][]string{
		analyzerSuggestQuery:        {lowercase.Name},
		textAnalyzer(otherLanguage): {lowercase.Name},
	}
	for lang, l := range languages {
		filters := []string{lowercase.Name, l.stem}
		if l.possessive != "" {
			filters = append([]string{l.possessive}, filters...)
		}
		analyzers[textAnalyzer(lang)] = filters
	}
	for name, filters := range analyzers {
		if err := im.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"char_filters":  []string{asciifolding.Name},
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		}); err != nil {
			return err
		}
	}
	return nil
}

func documentMapping(lang string) *mapping.DocumentMapping {
	dm := bleve.NewDocumentMapping()
	dm.Dynamic = false
	// No field is in _all, and building it empty costs time.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	for _, f := range []string{fieldKind, fieldLocale, fieldAudience, fieldCategory} {
		km := bleve.NewKeywordFieldMapping()
		km.IncludeInAll = false
		km.DocValues = f == fieldCategory // for the category facet
		dm.AddFieldMappingsAt(f, km)
	}
	for _, f := range []string{fieldTitle, fieldQuestion, fieldTags, fieldBody} {
		tm := bleve.NewTextFieldMapping()
		tm.Analyzer = textAnalyzer(lang)
		tm.SynonymSource = synonymSource(lang)
		tm.IncludeInAll = false
		tm.Store = false
		tm.IncludeTermVectors = false
		tm.DocValues = false
		dm.AddFieldMappingsAt(f+"_"+lang, tm)
	}
	return dm
}
