package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/loket/loket/internal/corpus"
)

// report holds every figure of one run.
type report struct {
	Command   string        `json:"command"`
	Machine   machine       `json:"machine"`
	Corpus    corpusFigures `json:"corpus"`
	Build     buildFigures  `json:"build"`
	Search    *latency      `json:"search,omitempty"`
	Suggest   *latency      `json:"suggest,omitempty"`
	Freshness *freshness    `json:"freshness,omitempty"`
	Server    *serverMemory `json:"server,omitempty"`
	Sets      []setResult   `json:"sets"`
	Checks    []check       `json:"checks"`
	Problems  []string      `json:"problems,omitempty"`
	Notes     []string      `json:"notes,omitempty"` // what was not measured, and why
}

type corpusFigures struct {
	Articles   int          `json:"articles"`
	Seed       int64        `json:"seed"`
	Queries    int          `json:"queries"`
	Stats      corpus.Stats `json:"stats"`
	GenerateMs float64      `json:"generate_ms"`
	WriteMs    float64      `json:"write_ms"`
	Dir        string       `json:"dir,omitempty"`
}

// buildFigures time a full build: loading the Markdown, then indexing.
type buildFigures struct {
	Documents int     `json:"documents"`
	LoadMs    float64 `json:"load_ms"`
	IndexMs   float64 `json:"index_ms"`
	TotalMs   float64 `json:"total_ms"`
	IndexMB   float64 `json:"index_mb"` // the index folder on disk
}

// setResult compares engines on one query set.
type setResult struct {
	Set      string         `json:"set"`
	Articles int            `json:"articles"`
	Engines  []engineResult `json:"engines"`
}

type engineResult struct {
	Engine  string  `json:"engine"`
	BuildMs float64 `json:"build_ms"`
	Quality quality `json:"quality"`
}

// check is one figure against its target.
type check struct {
	Figure string  `json:"figure"`
	Value  float64 `json:"value"`
	Target float64 `json:"target"`
	Unit   string  `json:"unit"`
	Met    bool    `json:"met"`
}

// note records, once, why something was not measured.
func (r *report) note(s string) {
	if !slices.Contains(r.Notes, s) {
		r.Notes = append(r.Notes, s)
	}
}

func (r *report) addResult(set string, articles int, e engineResult) {
	for i := range r.Sets {
		if r.Sets[i].Set == set {
			r.Sets[i].Engines = append(r.Sets[i].Engines, e)
			return
		}
	}
	r.Sets = append(r.Sets, setResult{Set: set, Articles: articles, Engines: []engineResult{e}})
}

// check compares the figures measured with their targets.
func (r *report) check() {
	add := func(figure string, value, target float64, unit string) {
		r.Checks = append(r.Checks, check{figure, value, target, unit, value <= target})
	}
	add("full index build (load + index)", r.Build.TotalMs/1000, 5, "s")
	if r.Search != nil {
		add("search p50", r.Search.P50, 1, "ms")
		add("search p99", r.Search.P99, 5, "ms")
	}
	if r.Suggest != nil {
		add("suggest p99", r.Suggest.P99, 1, "ms")
	}
	if r.Freshness != nil && r.Freshness.Latency.Samples > 0 {
		add("saved file searchable, max", r.Freshness.Latency.Max, 1000, "ms")
	}
	if r.Server != nil && r.Server.HWMMB > 0 {
		add("server peak resident memory (VmHWM)", r.Server.HWMMB, 300, "MB")
		add("server resident memory when ready (VmRSS)", r.Server.RSSMB, 300, "MB")
	}
}

func (r *report) write(w io.Writer, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	r.writeSetup(tw)
	r.writeFigures(tw)
	r.writeSets(tw)
	for _, n := range r.Notes {
		fmt.Fprintln(tw, "\nnote: "+n)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintln(tw, "\nProblems")
		for _, p := range r.Problems {
			fmt.Fprintln(tw, "  "+p)
		}
	}
	return tw.Flush()
}

// writeFile writes the report as JSON to path, when path is not "".
func (r *report) writeFile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := r.write(f, true); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (r *report) writeSetup(w io.Writer) {
	m := r.Machine
	fmt.Fprintf(w, "command\t%s\n", r.Command)
	fmt.Fprintf(w, "machine\t%d CPUs, %s/%s, %s, %d MB memory, %s\n", m.CPUs, m.GOOS, m.GOARCH, m.CPUModel, m.MemoryMB, m.Go)
	fmt.Fprintf(w, "\tload average %s at the start, %s at the end\n", m.LoadStart, m.LoadEnd)
	c, st := r.Corpus, r.Corpus.Stats
	fmt.Fprintf(w, "corpus\t%d articles (nl %d, en %d; %d internal), %d categories, %d body words, %.1f MB in %d files; seed %d\n",
		st.Articles, st.Locales["nl"], st.Locales["en"], st.Internal, st.Categories, st.Words, float64(st.Bytes)/(1<<20), st.Files, c.Seed)
	fmt.Fprintf(w, "\tgenerated in %.1f s, written in %.1f s; %d queries\n", c.GenerateMs/1000, c.WriteMs/1000, c.Queries)
	if c.Dir != "" {
		fmt.Fprintf(w, "\tkept in %s\n", c.Dir)
	}
}

func (r *report) writeFigures(w io.Writer) {
	fmt.Fprintf(w, "\nfigure\tmeasured\ttarget\t\n")
	b := r.Build
	fmt.Fprintf(w, "full index build, %d documents\t%.2f s (load %.2f s + index %.2f s); index %.0f MB on disk\t≤ 5 s\t%s\n",
		b.Documents, b.TotalMs/1000, b.LoadMs/1000, b.IndexMs/1000, b.IndexMB, r.verdict("full index build (load + index)"))
	if s := r.Search; s != nil {
		fmt.Fprintf(w, "search in process, %d samples\tp50 %.2f ms, p99 %.2f ms, max %.1f ms, mean %.2f ms\tp50 ≤ 1 ms, p99 ≤ 5 ms\t%s %s\n",
			s.Samples, s.P50, s.P99, s.Max, s.Mean, r.verdict("search p50"), r.verdict("search p99"))
	}
	if s := r.Suggest; s != nil {
		fmt.Fprintf(w, "suggestions, %d samples\tp50 %.2f ms, p99 %.2f ms, max %.1f ms\tp99 ≤ 1 ms\t%s\n",
			s.Samples, s.P50, s.P99, s.Max, r.verdict("suggest p99"))
	}
	if f := r.Freshness; f != nil {
		l := f.Latency
		fmt.Fprintf(w, "saved file searchable, %d saves\tp50 %.0f ms, p99 %.0f ms, max %.0f ms (%d not found in %v)\t≤ 1 s\t%s\n",
			l.Samples, l.P50, l.P99, l.Max, f.Missed, freshTimeout, r.verdict("saved file searchable, max"))
	}
	if s := r.Server; s != nil {
		fmt.Fprintf(w, "loket serve resident memory\tready after %.1f s: VmRSS %.0f MB (anon %.0f, file %.0f); after %d API searches %.0f MB; peak VmHWM %.0f MB\t≤ 300 MB\t%s\n",
			s.ReadyMs/1000, s.RSSMB, s.AnonMB, s.FileMB, s.API.Samples, s.RSSAfter, s.HWMMB, r.verdict("server peak resident memory (VmHWM)"))
		fmt.Fprintf(w, "\tGET /api/v1/search p50 %.2f ms, p99 %.2f ms; SIGTERM: exit status %d after %.0f ms\t\t\n",
			s.API.P50, s.API.P99, s.ExitCode, s.StopMs)
	}
}

// verdict says whether the named figure met its target.
func (r *report) verdict(figure string) string {
	for _, c := range r.Checks {
		if c.Figure == figure {
			if c.Met {
				return "met"
			}
			return "MISSED"
		}
	}
	return ""
}

func (r *report) writeSets(w io.Writer) {
	if len(r.Sets) == 0 {
		return
	}
	fmt.Fprintf(w, "\nset\tengine\tR@1\tR@3\tR@10\tMRR\tmacro R@1\tmacro MRR\tp50 ms\tp99 ms\tbuild s\n")
	for _, s := range r.Sets {
		for i, e := range s.Engines {
			name := ""
			if i == 0 {
				name = fmt.Sprintf("%s (%d articles, %d queries)", s.Set, s.Articles, e.Quality.Queries)
			}
			q := e.Quality
			fmt.Fprintf(w, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f\n", name, e.Engine,
				q.RecallAt1, q.RecallAt3, q.RecallAt10, q.MRR, q.MacroAt1, q.MacroMRR, q.Latency.P50, q.Latency.P99, e.BuildMs/1000)
		}
		if l, f, ok := s.pair(); ok {
			fmt.Fprintf(w, "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", "Loket ÷ "+f.Engine,
				ratio(l.Quality.RecallAt1, f.Quality.RecallAt1), ratio(l.Quality.RecallAt3, f.Quality.RecallAt3),
				ratio(l.Quality.RecallAt10, f.Quality.RecallAt10), ratio(l.Quality.MRR, f.Quality.MRR),
				ratio(l.Quality.MacroAt1, f.Quality.MacroAt1), ratio(l.Quality.MacroMRR, f.Quality.MacroMRR),
				ratio(l.Quality.Latency.P50, f.Quality.Latency.P50), ratio(l.Quality.Latency.P99, f.Quality.Latency.P99),
				ratio(l.BuildMs, f.BuildMs))
		}
	}
}

// pair returns Loket's result and the plain FTS5 baseline's, if both ran.
func (s setResult) pair() (loket, fts engineResult, ok bool) {
	var haveL, haveF bool
	for _, e := range s.Engines {
		switch {
		case e.Engine == "Loket":
			loket, haveL = e, true
		case strings.HasPrefix(e.Engine, "FTS5") && !haveF:
			fts, haveF = e, true
		}
	}
	return loket, fts, haveL && haveF
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("×%.2f", a/b)
}
