// Package corpus generates large knowledge bases and query sets for
// benchmarks.
//
// A generated knowledge base is written in Loket's content format
// (docs/content-format.md) and looks, to search, like a real help centre of
// a Dutch energy and internet provider: it is built by recombining the
// titles, customer questions, tags, headings and sentences of the embedded
// demo knowledge base (content/demo), so that its words and their
// frequencies are those of real help text rather than random letters.
//
// # Articles
//
// Every article starts from a demo article of the same locale (its base)
// and a situation phrase taken from demo text ("bij een verhuizing", "with
// a smart meter"). The phrase is added to the base's title and questions,
// which makes each title unique; the body is 150 to 600 words of demo
// sentences, mostly from the base's category, under two to five "##"
// headings. Dutch articles also get a compound noun made of two demo tags
// ("modemstoring"), used in their tags, a question and the body, which
// gives the vocabulary the long tail of rare words a real help centre has.
//
//   - 80% of the articles are Dutch (folder nl/), 20% English (en/);
//   - about 5% are internal (audience: internal), built from the demo's
//     internal articles;
//   - every article has 2 to 6 questions, 3 to 6 tags, a category from
//     categories.yml, an owner and an updated date; about a third has a
//     voice answer, some have related articles and links to other
//     public articles;
//   - synonyms/nl.txt and synonyms/en.txt are the demo's synonyms.
//
// # Queries
//
// Queries paraphrase the title or a question of a public article the way
// customers type: a word dropped, two words swapped, a typo, lower case,
// no question mark. The article is the one relevant answer. The format is
// that of the evaluation sets (one JSON object a line, {"query",
// "relevant", "lang"}), so that search.ReadEvalQueries and loket eval read
// it.
//
// # Determinism
//
// The same number of articles and seed give the same files, byte for byte,
// and the same queries, on every machine: all randomness comes from the
// seed, and nothing depends on map order, time or the file system. The
// material comes from the demo knowledge base, so a change to the demo
// changes the generated files too; compare figures measured with the same
// version of Loket.
package corpus
