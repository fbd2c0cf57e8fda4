// Command walrus-crash runs walrus's crash matrix (package
// internal/crashtest) outside `go test`: every crash point of a seeded
// workload, for each journal_mode x synchronous combo, and prints what each
// scenario (application crash, four kinds of power loss) did to the
// database, then the loss table in markdown.
//
//	go run ./cmd/walrus-crash                          # the whole matrix, default seed
//	go run ./cmd/walrus-crash -seed 7 -combo persist/full -page 1024 -sector 4096 -cache 10
//	go run ./cmd/walrus-crash -seed 3 -txns 20 -page 4096 -sector 512 -cache 10 -combo persist/full -point 233
//
// The last form checks a single crash point, as printed in a failure's
// "repro:" note. The exit status is 1 when a combo broke the guarantee
// crashtest.Expected asserts for it.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/walrusdb/walrus/internal/crashtest"
)

func main() {
	seed := flag.Uint64("seed", 20261125, "workload seed")
	txns := flag.Int("txns", 30, "random transactions after the schema setup")
	page := flag.Int("page", 4096, "page size")
	sector := flag.Int("sector", 512, "sector size of the simulated disk")
	cache := flag.Int("cache", 0, "cache_size in pages (small values make transactions spill; 0: default)")
	sample := flag.Float64("sample", 1, "fraction of crash points (not before a sync) to check")
	syncSample := flag.Float64("sync-sample", 1, "fraction of crash points before a sync to check")
	recovery := flag.Int("recovery", 10, "crashed disks (per combo) whose recovery is crashed at every op")
	combo := flag.String("combo", "", "only this journal_mode/synchronous, e.g. delete/full (default: all)")
	point := flag.Int("point", 0, "check only this crash point")
	flag.Parse()

	cfg := crashtest.MatrixConfig{
		Seed: *seed, Txns: *txns, Sample: *sample, SyncSample: *syncSample, OnlyPoint: *point, RecoveryCrashes: *recovery,
		Geometry: crashtest.Geometry{PageSize: *page, SectorSize: *sector, CacheSize: *cache},
	}
	table := crashtest.LossTable{}
	broken := false
	ran := 0
	for _, c := range crashtest.AllCombos() {
		if *combo != "" && !strings.EqualFold(c.String(), *combo) {
			continue
		}
		ran++
		start := time.Now()
		res, err := crashtest.RunCombo(cfg, c)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		table.Observe(res)
		fmt.Printf("%v %v: %d crash points, %d checked (%d before a sync) in %v\n",
			cfg.Geometry, c, res.Points, res.Checked, res.SyncPts, time.Since(start).Round(time.Millisecond))
		if res.RecoveryDisks > 0 {
			mark := "ok"
			if res.RecoveryBroken > 0 {
				mark, broken = "BROKEN", true
			}
			fmt.Printf("  %-24s %-6s %v\n", fmt.Sprintf("recovery crashed (%d)", res.RecoveryDisks), mark, res.Recovery)
		}
		for _, s := range crashtest.AllScenarios {
			tl := res.Scenarios[s]
			ok := crashtest.Expected(c, s).Holds(tl.Worst()) && tl.Panics == 0
			mark := "ok"
			if !ok {
				mark, broken = "BROKEN", true
			}
			fmt.Printf("  %-24v %-6s %v\n", s, mark, tl)
		}
	}
	if ran == 0 {
		fmt.Fprintf(os.Stderr, "no combo named %q\n", *combo)
		os.Exit(2)
	}
	fmt.Println()
	if err := table.WriteMarkdown(os.Stdout, fmt.Sprintf("walrus-crash -seed %d -txns %d -page %d -sector %d -cache %d -sample %g -sync-sample %g",
		*seed, *txns, *page, *sector, *cache, *sample, *syncSample)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if broken {
		os.Exit(1)
	}
}
