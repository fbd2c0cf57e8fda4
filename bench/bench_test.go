package bench

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var sizesFlag = flag.String("sizes", "default", "workload sizes for benchmarks: default or small")

// BenchmarkWorkloads runs every workload on every engine; each iteration
// is one full Measure. Run it with -benchtime 1x: the ops/s metric is the
// comparison, ns/op is the timed part of one run.
func BenchmarkWorkloads(b *testing.B) {
	sz := DefaultSizes()
	if *sizesFlag == "small" {
		sz = SmallSizes()
	}
	r := NewRunner(b.TempDir(), sz)
	for _, w := range Workloads() {
		b.Run(w.Name, func(b *testing.B) {
			for _, e := range Engines() {
				b.Run(e.Name, func(b *testing.B) {
					var total time.Duration
					var tallies []Tally
					for range b.N {
						res, err := r.Measure(context.Background(), e, w)
						require.NoError(b, err)
						total += res.Elapsed
						if tallies == nil {
							tallies = make([]Tally, len(res.Tallies))
						}
						for i, t := range res.Tallies {
							tallies[i].Unit = t.Unit
							tallies[i].N += t.N
						}
					}
					b.ReportMetric(float64(total.Nanoseconds())/float64(b.N), "ns/op")
					for _, t := range tallies {
						b.ReportMetric(float64(t.N)/total.Seconds(), t.Unit+"/s")
					}
				})
			}
		})
	}
}
