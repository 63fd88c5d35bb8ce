package search

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/content"
)

func TestDevEval(t *testing.T) {
	if os.Getenv("LOKET_DEV_EVAL") == "" {
		t.Skip()
	}
	for _, set := range []string{"banking77", "covidfaq"} {
		dir := "/work/shared/eval/" + set
		snap, err := content.Load(os.DirFS(dir+"/kb"), content.Options{DefaultLocale: "en"})
		if err != nil {
			t.Fatal(err)
		}
		ix, _, err := Build(context.Background(), t.TempDir(), snap, Options{})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := os.Open(dir + "/queries.jsonl")
		qs, err := ReadEvalQueries(f)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Evaluate(context.Background(), ix.Library(loket.AudiencePublic), qs)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%-10s R@1 %.3f R@3 %.3f R@10 %.3f MRR %.3f | macro R@1 %.3f MRR %.3f | p50 %.2fms p99 %.2fms\n", set, rep.RecallAt1, rep.RecallAt3, rep.RecallAt10, rep.MRR, rep.MacroRecallAt1, rep.MacroMRR, rep.P50ms, rep.P99ms)
		ix.Close()
	}
}

func BenchmarkDevSearch(b *testing.B) {
	snap, err := content.Load(os.DirFS("/work/shared/eval/banking77/kb"), content.Options{DefaultLocale: "en"})
	if err != nil {
		b.Fatal(err)
	}
	ix, _, err := Build(context.Background(), b.TempDir(), snap, Options{})
	if err != nil {
		b.Fatal(err)
	}
	f, _ := os.Open("/work/shared/eval/banking77/queries.jsonl")
	qs, _ := ReadEvalQueries(f)
	lib := ix.Library(loket.AudiencePublic)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		lib.Search(context.Background(), loket.Query{Text: q.Query, Locale: "en"})
	}
}
