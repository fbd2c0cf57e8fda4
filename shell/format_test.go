package shell

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleResult is a small result with a number column, text with a quote,
// a newline and UTF-8, a NULL and a blob.
func sampleResult() ([]column, [][]cell) {
	cols := []column{{name: "id", numeric: true}, {name: "name"}, {name: "data", binary: true}}
	rows := [][]cell{
		{{kind: kindNumber, text: "1"}, {kind: kindText, text: "Zoë"}, {kind: kindBlob, text: "\x00\xff"}},
		{{kind: kindNumber, text: "42"}, {kind: kindText, text: "it's\nmulti"}, {kind: kindNull}},
		{{kind: kindNumber, text: "-3.5"}, {kind: kindNull}, {kind: kindBlob, text: "ab"}},
	}
	return cols, rows
}

func render(t *testing.T, mode Mode, opt formatOptions, cols []column, rows [][]cell) string {
	t.Helper()
	var b strings.Builder
	f := newFormatter(mode, &b, opt)
	require.NoError(t, f.Begin(cols))
	for _, r := range rows {
		require.NoError(t, f.Row(r))
	}
	require.NoError(t, f.End())
	return b.String()
}

func TestFormatModes(t *testing.T) {
	opt := formatOptions{headers: true, nullValue: "NULL", table: "people"}
	tests := []struct {
		mode Mode
		want string
	}{
		{ModeBox, `┌──────┬─────────────┬────────┐
│ id   │ name        │ data   │
├──────┼─────────────┼────────┤
│    1 │ Zoë         │ 0x00FF │
│   42 │ it's\nmulti │ NULL   │
│ -3.5 │ NULL        │ 0x6162 │
└──────┴─────────────┴────────┘
`},
		{ModeTable, `+------+-------------+--------+
| id   | name        | data   |
+------+-------------+--------+
|    1 | Zoë         | 0x00FF |
|   42 | it's\nmulti | NULL   |
| -3.5 | NULL        | 0x6162 |
+------+-------------+--------+
`},
		{ModeMarkdown, `| id   | name        | data   |
|-----:|-------------|--------|
|    1 | Zoë         | 0x00FF |
|   42 | it's\nmulti | NULL   |
| -3.5 | NULL        | 0x6162 |
`},
		{ModeList, "id|name|data\n1|Zoë|0x00FF\n42|it's\nmulti|NULL\n-3.5|NULL|0x6162\n"},
		{ModeTabs, "id\tname\tdata\n1\tZoë\t0x00FF\n42\tit's\nmulti\t\n-3.5\t\t0x6162\n"},
		{ModeCSV, "id,name,data\n1,Zoë,\x00\xff\n42,\"it's\nmulti\",\n-3.5,,ab\n"},
		{ModeJSON, `[{"id":1,"name":"Zoë","data":"0x00FF"},
{"id":42,"name":"it's\nmulti","data":null},
{"id":-3.5,"name":null,"data":"0x6162"}]
`},
		{ModeLine, "  id = 1\nname = Zoë\ndata = 0x00FF\n\n  id = 42\nname = it's\nmulti\ndata = NULL\n\n  id = -3.5\nname = NULL\ndata = 0x6162\n"},
		{ModeInsert, `INSERT INTO people(id,name,data) VALUES(1,'Zoë',X'00FF');
INSERT INTO people(id,name,data) VALUES(42,'it''s\nmulti',NULL);
INSERT INTO people(id,name,data) VALUES(-3.5,NULL,X'6162');
`},
	}
	cols, rows := sampleResult()
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			assert.Equal(t, tt.want, render(t, tt.mode, opt, cols, rows))
		})
	}
}

func TestFormatNoHeaders(t *testing.T) {
	cols, rows := sampleResult()
	opt := formatOptions{nullValue: "-", table: "t"}
	assert.Equal(t, "1|Zoë|0x00FF\n42|it's\nmulti|-\n-3.5|-|0x6162\n", render(t, ModeList, opt, cols, rows))
	assert.Equal(t, "1,Zoë,\x00\xff\n42,\"it's\nmulti\",\n-3.5,,ab\n", render(t, ModeCSV, opt, cols, rows))
	assert.Equal(t, "INSERT INTO t VALUES(1,'Zoë',X'00FF');\n", render(t, ModeInsert, opt, cols, rows[:1]))
}

func TestFormatEmptyResult(t *testing.T) {
	cols := []column{{name: "a"}, {name: "bb"}}
	opt := formatOptions{headers: true}
	assert.Equal(t, "┌───┬────┐\n│ a │ bb │\n├───┼────┤\n└───┴────┘\n", render(t, ModeBox, opt, cols, nil))
	assert.Equal(t, "[]\n", render(t, ModeJSON, opt, cols, nil))
	assert.Equal(t, "a,bb\n", render(t, ModeCSV, opt, cols, nil))
	assert.Equal(t, "", render(t, ModeLine, opt, cols, nil))
}

// TestFormatStreams checks (S3): the aligned formats write the first batch
// as soon as it is complete, before the result ends, and keep the batch's
// widths afterwards.
func TestFormatStreams(t *testing.T) {
	var b strings.Builder
	f := newFormatter(ModeTable, &b, formatOptions{})
	require.NoError(t, f.Begin([]column{{name: "n", numeric: true}}))
	for i := 0; i < batchRows-1; i++ {
		require.NoError(t, f.Row([]cell{{kind: kindNumber, text: "7"}}))
	}
	assert.Empty(t, b.String(), "nothing before the first batch is complete")
	require.NoError(t, f.Row([]cell{{kind: kindNumber, text: "7"}}))
	assert.True(t, strings.HasPrefix(b.String(), "+---+\n| n |\n+---+\n| 7 |\n"), "first batch printed: %q", b.String()[:min(40, len(b.String()))])
	require.NoError(t, f.Row([]cell{{kind: kindNumber, text: "12345"}}))
	require.NoError(t, f.End())
	assert.True(t, strings.HasSuffix(b.String(), "| 7 |\n| 12345 |\n+---+\n"), "a later wide value widens only its row")
}

func TestFormatWideCharacters(t *testing.T) {
	cols := []column{{name: "city"}, {name: "n", numeric: true}}
	rows := [][]cell{
		{{kind: kindText, text: "東京"}, {kind: kindNumber, text: "1"}},
		{{kind: kindText, text: "Zürich"}, {kind: kindNumber, text: "22"}},
		{{kind: kindText, text: "🐳"}, {kind: kindNumber, text: "3"}},
	}
	assert.Equal(t, `+--------+----+
| city   | n  |
+--------+----+
| 東京   |  1 |
| Zürich | 22 |
| 🐳     |  3 |
+--------+----+
`, render(t, ModeTable, formatOptions{}, cols, rows))
}

func TestDisplayWidth(t *testing.T) {
	assert.Equal(t, 5, displayWidth("hello"))
	assert.Equal(t, 4, displayWidth("東京"))
	assert.Equal(t, 1, displayWidth("e\u0301"), "combining accent takes no cell")
	assert.Equal(t, 2, displayWidth("🐳"))
}
