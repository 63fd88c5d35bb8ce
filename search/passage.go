package search

import (
	"context"
	"math"
	"sort"

	"github.com/loket/loket"
)

// Passage retrieval. The answer engine grounds its answers in sections of
// articles, not whole articles: the best articles are found as by search,
// and within each the sections are scored on the question's words, a word
// in a section's heading counting double (headings say what a section
// answers: "Wat kost een monteur?").
const (
	passageArticles = 4   // articles whose best section is a passage
	secondSection   = 0.6 // the top article's next section joins when it scores this share of its best
)

func (ix *Index) passages(ctx context.Context, q loket.PassageQuery, aud loket.Audience) ([]loket.Passage, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 5
	}
	run, err := ix.find(ctx, loket.Query{Text: q.Text, Context: q.Context, Locale: q.Locale, Kind: loket.KindArticle, Limit: passageArticles}, aud)
	if err != nil || run == nil {
		return nil, err
	}
	var out []loket.Passage
	for i, h := range run.hits {
		if i == passageArticles || len(out) >= limit {
			break
		}
		a := run.st.snap.Article(h.Meta.Locale, h.Meta.ID)
		if a == nil || len(a.Sections) == 0 {
			continue
		}
		lang := fieldLanguage(a.Locale.Language())
		ranked := ix.rankSections(a, run.st.profile(docID(&a.Meta)), run.queries[lang], run.st.collections[lang])
		p := loket.Passage{Article: a, Section: a.Sections[ranked[0].index], Score: h.Score, Confidence: h.Confidence}
		out = append(out, p)
		if i == 0 && len(ranked) > 1 && ranked[1].score >= secondSection*ranked[0].score && ranked[1].score > 0 && len(out) < limit {
			out = append(out, loket.Passage{Article: a, Section: a.Sections[ranked[1].index], Score: h.Score, Confidence: h.Confidence})
		}
	}
	return out, nil
}

type sectionScore struct {
	index int
	score float64
}

// rankSections orders an article's sections by how many of the question's
// words they hold, weighted by rarity, a heading counting double and long
// sections a little less. The text before the first heading answers the
// article's own title and customer questions, so those serve as its
// heading. Ties keep the article's order.
func (ix *Index) rankSections(a *loket.Article, p *profile, pq *parsedQuery, coll *collection) []sectionScore {
	out := make([]sectionScore, len(a.Sections))
	for i, s := range a.Sections {
		out[i].index = i
		if pq == nil || coll == nil {
			continue
		}
		headings := []bag{newBag(ix.analyzer(pq.lang), s.Heading)}
		if s.Heading == "" && p != nil {
			headings = p.phrasings
		}
		text := newBag(ix.analyzer(pq.lang), s.Text)
		best := 0.0
		for h := range headings {
			best = max(best, sectionMatch(pq, coll, &headings[h], &text))
		}
		out[i].score = best / math.Sqrt(1+float64(text.length)/150)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// sectionMatch adds up, over the question's words, their rarity when the
// heading holds them (doubled) or the text does.
func sectionMatch(pq *parsedQuery, coll *collection, heading, text *bag) float64 {
	score := 0.0
	for _, sl := range pq.slots {
		best := 0.0
		for _, alt := range sl.alts {
			w := alt.weight * idf(coll.docs, coll.anyDF(alt.id))
			if heading.tf(alt.id) > 0 {
				best = max(best, 2*w)
			}
			if text.tf(alt.id) > 0 {
				best = max(best, w)
			}
		}
		score += best
	}
	return score
}
