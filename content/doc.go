// Package content loads a Loket knowledge base: a folder of Markdown files
// with YAML front matter, usually a git checkout that editors push to. [Load]
// and [Loader] turn an [io/fs.FS] into a [Snapshot] of published articles and
// guided flows, with every problem found reported as a [Diagnostic];
// [Watcher] reports when the folder changes so that it can be loaded again.
// The package documentation is the specification of the content format;
// docs/content-format.md explains it to editors.
//
// # Layout
//
// Every file whose name ends in .md is an article or a guided flow. Other
// files are ignored, as are files and folders whose names start with "." or
// "_", and a README.md at the top:
//
//	kb/
//	├── nl/                       a locale folder: nl, en, nl-BE ...
//	│   ├── categories.yml        optional: category titles and order
//	│   └── internet/
//	│       └── geen-internet.md  id "internet/geen-internet", locale nl
//	├── en/
//	│   └── internet/
//	│       └── geen-internet.md  its translation: the same id
//	└── synonyms/
//	    ├── nl.txt
//	    └── en.txt
//
// The locale of a file is its first folder when that folder is named like a
// locale (two lower-case letters, optionally a region: "nl", "nl-BE");
// otherwise [Options.DefaultLocale], "nl" by default. The id of a file is its
// path below the locale folder without ".md". Ids are unique per locale;
// documents with the same id in different locales are translations.
//
// Files are read as UTF-8 text; a byte-order mark and Windows line endings
// are accepted. A file larger than [Options.MaxFileSize] (1 MiB by default)
// is refused before it is read; a binary file (one with a NUL byte), a file
// that is not UTF-8, and a symbolic link whose target lies outside the folder
// are refused too. Each refusal is an error diagnostic for that file alone.
//
// # Front matter
//
// A file starts with YAML between two "---" lines. The keys, with their
// types and defaults:
//
//	title      text                 required
//	id         text                 path below the locale folder; no spaces, backslashes, ".." or "//"
//	locale     locale               first folder, else the default locale
//	type       article | guide      article
//	audience   public | internal    public; internal documents are for agents only
//	category   slug                 none; a slug from categories.yml
//	tags       list of text         none
//	questions  list of text         none; customers' phrasings, weighted like the title
//	voice      text                 none; a short spoken answer for the phone
//	related    list of ids          none; documents of the same locale
//	updated    date (2026-10-14)    none
//	owner      text                 none
//	draft      true | false         false; a draft is checked but not published
//	boost      number, 0.1 to 10    1; a search ranking multiplier
//	phone      true | false         false; guides only: may be walked on the phone
//
// A key Loket does not know is kept in [loket.Meta].Extra and reported as a
// warning, with a hint when it is close to a known key ("titel": did you
// mean "title"?); with [Options.Strict] it is an error. A key given twice,
// or a value of the wrong type ("boost: high", "tags: {a: b}"), is an error
// located at the key's line.
//
// # Body
//
// The body is CommonMark with the GitHub extensions (tables, task lists,
// strikethrough, autolinks) and footnotes. Headings get an id attribute from
// their text, or the one written after them as "## Heading {#id}".
//
// A relative link to a .md file, optionally with a "#fragment", is rewritten
// to the URL of the document it names ([Options.URL]). A link to a file that
// is not published, or to a draft, is an error; so is a link from a public to
// an internal document. The document is still published, with the text of
// such a link and without its href. Absolute links (https:, mailto:, tel:)
// are left as written.
//
// Raw HTML is allowed and sanitised: scripts, styles, frames, forms, event
// handlers and javascript: URLs never reach [loket.Article].HTML; harmless
// tags such as kbd, details, summary, mark, abbr, sub and sup are kept.
//
// An article's Sections split its body at its headings, each with its
// heading's anchor; the text before the first heading is a section
// without a heading. Its Summary is the first paragraph, and Text is the
// plain text of the body, without markup.
//
// # Categories
//
// A locale folder's categories.yml lists its categories in order:
//
//	# nl/categories.yml
//	- slug: internet
//	  title: Internet en tv
//	  description: Storingen, wifi, het modem en tv-zenders.
//
// A category a document uses that the file lacks is a warning; the category
// is then listed after the others, with its slug as title. A locale without
// categories.yml lists categories by slug without warnings.
//
// # Synonyms
//
// synonyms/<locale>.txt holds one group a line; "#" starts a comment.
// "wachtwoord, paswoord, password" makes equal words, each finding the
// others; "wifi => draadloos" is one way, the left finding the right. Each
// entry is a single word: a multi-word entry is a warning and left out.
//
// # Guided flows
//
// A document with "type: guide" is a decision tree, written so that it reads
// well as a page:
//
//	---
//	type: guide
//	title: Geen internet thuis
//	---
//
//	Text before the first step is the introduction.
//
//	## Brandt het lampje Internet? {#lampje}
//
//	- [Ja](#opgelost)
//	- [Nee](#monteur)
//
//	## Opgelost {#opgelost}
//
//	Resolved: [Modem herstarten](modem-herstarten.md)
//
//	## Monteur inplannen {#monteur}
//
//	Escalate: technische-dienst
//
// Every level-2 heading starts a step, whose id is its heading id; the first
// step is the start. A list in which every item is only a link to "#step-id"
// holds the step's choices. A step without choices ends the flow with a line
// "Resolved", "Resolved: [title](article.md)", "Resolved: article-id" or
// "Escalate: team". It is an error when a choice leads to no step, a step
// cannot be reached from the first, a step has neither choices nor an ending
// or both, a step can reach no ending (a cycle without an exit), or a
// "Resolved" article does not exist, or is internal in a public guide.
//
// # Errors and warnings
//
// Problems are [Diagnostic] values, printed as "path:line: message".
// Errors keep the file, or the offending part, from being published: the
// last version of the file that loaded without errors keeps serving in a
// [Loader] until the errors are fixed, with a warning that says so. Warnings
// (an unknown key, an undeclared category, a multi-word synonym) are
// published anyway. A problem in one file never affects another file, and
// [Load] fails only when the folder itself cannot be read. Of two files with
// the same id in a locale, the first by path is published and the other is
// an error; a Loader keeps publishing the file that held the id before.
//
// # Watching
//
// A [Loader] re-reads only the files whose size or modification time changed
// since its last load, parses again only those whose content changed, and
// reuses the documents built from the others, so that unchanged documents
// keep their identity. It keeps which document links to or names which,
// and resolves again only the documents a change can affect; the settings,
// categories and synonyms files are small and read on every load. A
// [Watcher] reports a [Change] below the folder: a file saved, added,
// removed or renamed, a folder added (it is watched too), or a git pull,
// with the paths that changed. Bursts of events are coalesced, hidden files
// and folders (.git) are not watched, and a periodic call covers file
// systems without events. [Loader.LoadChange] then looks at the changed
// paths only, so that a reload after a small change costs about the same
// however large the knowledge base; [Loader.Load] looks at every file. A
// typical server watches, loads, then runs the watcher:
//
//	w, err := content.NewWatcher(dir, content.WatchOptions{Logger: logger})
//	...
//	loader := content.NewLoader(os.DirFS(dir), opts)
//	snap, err := loader.Load()
//	...
//	go w.Run(ctx, func(c content.Change) {
//		snap, err := loader.LoadChange(c)
//		...
//	})
package content
