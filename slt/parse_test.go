package slt

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRecords(t *testing.T) {
	script := "# leading comment\r\n" +
		"hash-threshold 3\r\n" +
		"\r\n" +
		"statement ok\r\n" +
		"CREATE TABLE t1(a INTEGER,\r\n" +
		"# a comment inside a record\r\n" +
		"  b INTEGER)\r\n" +
		"   \r\n" +
		"statement error\n" +
		"INSERT INTO nope VALUES(1)\n" +
		"\n\n\n" +
		"skipif postgresql # PostgreSQL requires AS\n" +
		"onlyif mysql # aggregate syntax: \n" +
		"query IRT rowsort label-7\n" +
		"SELECT a, b,\n" +
		"  'x' FROM t1\n" +
		"----\n" +
		"1\n" +
		"2.000\n" +
		"x y\n" +
		"\n" +
		"query I\n" +
		"SELECT 1\n" +
		"\n" +
		"query T valuesort\n" +
		"SELECT ''\n" +
		"----\n" +
		"\n" +
		"onlyif mssql\n" +
		"halt\n" +
		"\n" +
		"query II nosort\n" +
		"SELECT 1, 2 FROM t1\n" +
		"----\n" +
		"30 values hashing to 0123456789abcdef0123456789abcdef\n"
	s, err := Parse("inline", strings.NewReader(script))
	require.NoError(t, err)
	require.Len(t, s.Records, 8)

	r := s.Records
	assert.Equal(t, Record{Line: 2, Kind: KindHashThreshold, Threshold: 3}, r[0])
	assert.Equal(t, Record{Line: 4, Kind: KindStatement, SQL: "CREATE TABLE t1(a INTEGER,\n  b INTEGER)"}, r[1])
	assert.Equal(t, Record{Line: 9, Kind: KindStatement, ExpectError: true, SQL: "INSERT INTO nope VALUES(1)"}, r[2])
	assert.Equal(t, Record{
		Line: 16, Kind: KindQuery,
		Conditions: []Condition{{OnlyIf: false, Engine: "postgresql"}, {OnlyIf: true, Engine: "mysql"}},
		SQL:        "SELECT a, b,\n  'x' FROM t1",
		Types:      "IRT", Sort: RowSort, Label: "label-7",
		Expected: []string{"1", "2.000", "x y"},
	}, r[3])
	assert.Equal(t, Record{Line: 24, Kind: KindQuery, SQL: "SELECT 1", Types: "I", Sort: NoSort}, r[4], "no ---- means an empty result")
	assert.Equal(t, Record{Line: 27, Kind: KindQuery, SQL: "SELECT ''", Types: "T", Sort: ValueSort}, r[5])
	assert.Equal(t, Record{Line: 32, Kind: KindHalt, Conditions: []Condition{{OnlyIf: true, Engine: "mssql"}}}, r[6])
	assert.Equal(t, []string{"30 values hashing to 0123456789abcdef0123456789abcdef"}, r[7].Expected)
	assert.Equal(t, "II", r[7].Types)
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, script, msg string
	}{
		{"unknown record", "statement ok\nSELECT 1\n\nfrobnicate\n", "inline:4: unknown record \"frobnicate\""},
		{"bad statement mode", "statement maybe\nSELECT 1\n", "inline:1: want"},
		{"statement without sql", "statement ok\n", "inline:1: statement without SQL"},
		{"query without types", "query\nSELECT 1\n", "inline:1: query without column types"},
		{"bad type letter", "query IX\nSELECT 1\n", "inline:1: bad column type 'X'"},
		{"junk after label", "query I rowsort lbl extra\nSELECT 1\n", "inline:1: unexpected \"extra\""},
		{"query without sql", "query I\n----\n1\n", "inline:1: query without SQL"},
		{"condition alone", "skipif mysql\n", "inline:1: condition without a record"},
		{"condition without engine", "skipif\nhalt\n", "inline:1: skipif without an engine name"},
		{"bad threshold", "hash-threshold x\n", "inline:1: bad hash-threshold"},
		{"halt with body", "halt\nSELECT 1\n", "inline:2: unexpected line after halt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("inline", strings.NewReader(c.script))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
}

func TestSkipped(t *testing.T) {
	cases := []struct {
		conds []Condition
		skip  bool
	}{
		{nil, false},
		{[]Condition{{OnlyIf: false, Engine: "mysql"}}, true},
		{[]Condition{{OnlyIf: false, Engine: "postgresql"}}, false},
		{[]Condition{{OnlyIf: true, Engine: "mysql"}}, false},
		{[]Condition{{OnlyIf: true, Engine: "sqlite"}}, true},
		{[]Condition{{OnlyIf: false, Engine: "mssql"}, {OnlyIf: true, Engine: "mysql"}}, false},
		{[]Condition{{OnlyIf: true, Engine: "mysql"}, {OnlyIf: false, Engine: "mysql"}}, true},
	}
	for i, c := range cases {
		r := Record{Conditions: c.conds}
		assert.Equal(t, c.skip, r.Skipped("mysql"), "case %d: %+v", i, c.conds)
	}
}

func TestConditionTrailingCommentWithoutSpace(t *testing.T) {
	s, err := Parse("inline", strings.NewReader("skipif mysql# note\nstatement ok\nSELECT 1\n"))
	require.NoError(t, err)
	require.Len(t, s.Records, 1)
	assert.Equal(t, []Condition{{Engine: "mysql"}}, s.Records[0].Conditions)
}

func FuzzParse(f *testing.F) {
	f.Add("statement ok\nSELECT 1\n\nquery I rowsort x\nSELECT 1\n----\n1\n")
	f.Add("skipif mysql\nonlyif sqlite # c\nhalt\n\nhash-threshold 0\n")
	f.Add("query\n----\n")
	f.Fuzz(func(t *testing.T, script string) {
		s, err := Parse("fuzz", strings.NewReader(script))
		if err != nil {
			return
		}
		for _, r := range s.Records {
			if r.Kind == KindQuery || r.Kind == KindStatement {
				assert.NotEmpty(t, r.SQL)
			}
			assert.Positive(t, r.Line)
		}
	})
}
