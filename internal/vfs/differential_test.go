package vfs

import (
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var diffSeed = flag.Uint64("vfs.seed", 0, "seed for TestImplementationsAgree (0: fixed default)")

// TestImplementationsAgree applies one random sequence of writes, truncates,
// reads and size queries to a file on every FS and requires identical
// results: OSFS is the reference the in-memory ones must match.
func TestImplementationsAgree(t *testing.T) {
	seed := *diffSeed
	if seed == 0 {
		seed = 20261125
	}
	t.Logf("seed %d (rerun with -vfs.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	var files []File
	for _, target := range conformanceTargets() {
		fs, dir := target.new(t)
		files = append(files, mustOpen(t, fs, filepath.Join(dir, "f"), OpenReadWrite|OpenCreate))
	}
	type result struct {
		n    int64
		err  string
		data string
	}
	errKind := func(err error) string {
		switch {
		case err == nil:
			return ""
		case errors.Is(err, io.EOF):
			return "EOF"
		}
		return "other: " + err.Error()
	}
	for step := range 2000 {
		op := rng.IntN(10)
		off := rng.Int64N(3 * 4096)
		buf := make([]byte, rng.IntN(2*4096))
		for i := range buf {
			buf[i] = byte(rng.Uint32())
		}
		var results []result
		for _, f := range files {
			var r result
			switch {
			case op < 4:
				n, err := f.WriteAt(buf, off)
				r = result{int64(n), errKind(err), ""}
			case op < 5:
				r.err = errKind(f.Truncate(off))
			case op < 9:
				p := make([]byte, len(buf))
				n, err := f.ReadAt(p, off)
				r = result{int64(n), errKind(err), string(p[:n])}
			default:
				size, err := f.Size()
				r = result{size, errKind(err), ""}
			}
			results = append(results, r)
		}
		for i := 1; i < len(results); i++ {
			require.Equal(t, results[0], results[i], "step %d op %d off %d len %d: %T vs %T", step, op, off, len(buf), files[0], files[i])
		}
	}
	require.Equal(t, contents(t, files[0]), contents(t, files[1]))
	require.Equal(t, contents(t, files[0]), contents(t, files[2]))
}
