package sqlite

// BenchmarkRecordEvent records search events from 1, 16 and 64 goroutines
// at once, as request handlers do under load, into a real database file,
// and reports the latency of RecordEvent (nearest-rank p50 and p99, max)
// and the events written per second:
//
//	go test -run '^$' -bench BenchmarkRecordEvent -benchtime 3200x ./store/sqlite
//
// docs/benchmarks.md has the figures, with those of the insert that each
// request made on its own before events were written in batches.

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket"
)

func BenchmarkRecordEvent(b *testing.B) {
	for _, goroutines := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("goroutines-%d", goroutines), func(b *testing.B) {
			db := openTest(b)
			ctx := context.Background()
			var (
				mu  sync.Mutex
				lat []time.Duration
				wg  sync.WaitGroup
			)
			each := max(b.N/goroutines, 1)
			b.ResetTimer()
			for range goroutines {
				wg.Go(func() {
					mine := make([]time.Duration, 0, each)
					for range each {
						start := time.Now()
						if err := db.RecordEvent(ctx, &loket.Event{Type: loket.EventSearch, Query: "storing"}); err != nil {
							b.Error(err)
							return
						}
						mine = append(mine, time.Since(start))
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				})
			}
			wg.Wait()
			b.StopTimer()
			if len(lat) == 0 {
				return
			}
			slices.Sort(lat)
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(ms(lat[(len(lat)-1)/2]), "p50-ms")
			b.ReportMetric(ms(lat[(len(lat)*99+99)/100-1]), "p99-ms")
			b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
			b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "events/s")
		})
	}
}
