package walrus

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDSN(t *testing.T) {
	cases := []struct {
		dsn  string
		want dsnConfig
	}{
		{"app.db", dsnConfig{path: "app.db"}},
		{"/var/db/app.db", dsnConfig{path: "/var/db/app.db"}},
		{":memory:", dsnConfig{path: ":memory:", mode: modeMemory}},
		{"file::memory:", dsnConfig{path: ":memory:", mode: modeMemory}},
		{"file:app.db", dsnConfig{path: "app.db"}},
		{"file:///var/db/my%20app.db", dsnConfig{path: "/var/db/my app.db"}},
		{"file://localhost/var/app.db", dsnConfig{path: "/var/app.db"}},
		{"file:app.db?mode=ro", dsnConfig{path: "app.db", mode: modeRO}},
		{"file:app.db?mode=rw", dsnConfig{path: "app.db", mode: modeRW}},
		{"file:app.db?mode=rwc", dsnConfig{path: "app.db", mode: modeRWC}},
		{"file:shared?mode=memory", dsnConfig{path: "shared", mode: modeMemory}},
		{"file:?mode=memory", dsnConfig{path: ":memory:", mode: modeMemory}},
		{"app.db?_txlock=immediate", dsnConfig{path: "app.db", txlock: txImmediate}},
		{"app.db?_txlock=EXCLUSIVE", dsnConfig{path: "app.db", txlock: txExclusive}},
		{"app.db?_txlock=deferred", dsnConfig{path: "app.db", txlock: txDeferred}},
		{
			"file:app.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(TRUNCATE)&_pragma=synchronous(normal)&mode=rw",
			dsnConfig{path: "app.db", mode: modeRW, pragmas: []pragma{
				{"busy_timeout", "10000"}, {"journal_mode", "TRUNCATE"}, {"synchronous", "normal"},
			}},
		},
		{"app.db?_pragma=main.cache_size(-4000)", dsnConfig{path: "app.db", pragmas: []pragma{{"main.cache_size", "-4000"}}}},
		{"app.db?_pragma=application_id(%27x%27)", dsnConfig{path: "app.db", pragmas: []pragma{{"application_id", "'x'"}}}},
	}
	for _, c := range cases {
		got, err := parseDSN(c.dsn)
		if assert.NoError(t, err, c.dsn) {
			assert.Equal(t, c.want, *got, c.dsn)
		}
	}
}

func TestParseDSNErrors(t *testing.T) {
	cases := []struct{ dsn, msg string }{
		{"", "empty DSN"},
		{"app.db?cache=shared", "unknown option(s) cache"},
		{"app.db?zeta=1&alpha=2&mode=ro", "unknown option(s) alpha, zeta"},
		{"app.db?mode=wr", "mode=wr: want ro, rw, rwc or memory"},
		{"app.db?_txlock=later", "_txlock=later"},
		{"app.db?_pragma=journal_mode", "_pragma=journal_mode: want _pragma=name(value)"},
		{"app.db?_pragma=journal_mode()", "want _pragma=name(value)"},
		{"app.db?_pragma=1x(2)", "want _pragma=name(value)"},
		{"app.db?_pragma=a(1)%3BDROP%20TABLE%20t(1)", "want _pragma=name(value)"},
		{"app.db?_pragma=a(1);b(2)", "bad options"},
		{"file://example.com/app.db", "not local"},
		{"file:?mode=ro", "names no file"},
		{"file:%zz", "bad path"},
		{"app.db?%zz", "bad options"},
	}
	for _, c := range cases {
		_, err := parseDSN(c.dsn)
		if assert.Error(t, err, c.dsn) {
			assert.Contains(t, err.Error(), c.msg, c.dsn)
			var we *Error
			require.True(t, errors.As(err, &we), c.dsn)
			assert.Equal(t, CodeMisuse, we.Code, c.dsn)
		}
	}
}

func TestPragmaSQL(t *testing.T) {
	assert.Equal(t, "PRAGMA journal_mode=WAL", pragma{"journal_mode", "WAL"}.sql())
}

func FuzzParseDSN(f *testing.F) {
	f.Add("file:app.db?_pragma=busy_timeout(1)&mode=ro")
	f.Add(":memory:")
	f.Add("file:///x?_txlock=immediate")
	f.Fuzz(func(t *testing.T, dsn string) {
		cfg, err := parseDSN(dsn)
		if err != nil {
			var we *Error
			assert.True(t, errors.As(err, &we))
			return
		}
		assert.NotEmpty(t, cfg.path)
		for _, p := range cfg.pragmas {
			assert.NotContains(t, p.name, "(")
		}
	})
}
