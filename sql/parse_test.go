package sql

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/vm"
)

// TestParseConcurrent parses from many goroutines at once through the
// parser pool: each must get its own statement back, never one a parser
// produced for another goroutine after returning to the pool. Run it with
// -race.
func TestParseConcurrent(t *testing.T) {
	const workers, each = 8, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				want := int64(w*each + i)
				stmt, err := parseTiDB(fmt.Sprintf("SELECT %d, 'w%d'", want, w))
				if err != nil {
					errs <- err
					return
				}
				sel, ok := stmt.(*ast.SelectStmt)
				if !ok {
					errs <- fmt.Errorf("got %T", stmt)
					return
				}
				got := sel.Fields.Fields[0].Expr.(*test_driver.ValueExpr).GetInt64()
				if got != want {
					errs <- fmt.Errorf("parsed SELECT %d, got the statement of SELECT %d", want, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}

// TestParsePooledParserAfterError checks that a parser that failed goes
// back to the pool usable: the next parse neither fails nor returns the
// failed text's statements.
func TestParsePooledParserAfterError(t *testing.T) {
	for range 3 {
		_, err := parseTiDB("SELEC 1")
		require.Error(t, err)
		stmt, err := parseTiDB("SELECT 7")
		require.NoError(t, err)
		sel := stmt.(*ast.SelectStmt)
		assert.Equal(t, int64(7), sel.Fields.Fields[0].Expr.(*test_driver.ValueExpr).GetInt64())
		_, err = parseTiDB("SELECT 1; SELECT 2")
		require.Error(t, err, "two statements")
	}
}

// TestPrepareConcurrent prepares and runs statements on several connections
// at once (one goroutine each, S1): pooled parsers never mix up their
// statements. Run it with -race.
func TestPrepareConcurrent(t *testing.T) {
	const conns, each = 4, 100
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for w := range conns {
		c := openMem(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i := range each {
				want := fmt.Sprintf("%d", w*each+i)
				st, _, err := c.Prepare(ctx, "SELECT "+want)
				if err != nil {
					errs <- err
					return
				}
				rows, err := st.Query(ctx, nil)
				if err != nil {
					errs <- err
					return
				}
				dest := make([]vm.Value, 1)
				ok, err := rows.Next(dest)
				rows.Close()
				if err != nil || !ok {
					errs <- fmt.Errorf("SELECT %s: no row (%v)", want, err)
					return
				}
				if got := dest[0].String(); got != want {
					errs <- fmt.Errorf("SELECT %s gave %s", want, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}
