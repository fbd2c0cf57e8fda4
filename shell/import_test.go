package shell

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadCSVTricky(t *testing.T) {
	in := "\xef\xbb\xbfname,quote,note\n" +
		`"Smith, Jane","She said ""hi""","line one` + "\nline two\"\n" +
		"Zoë,,\"東京; 🐳\"\r\n" +
		"short\n"
	recs, err := newCSVReader(strings.NewReader(in)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"name", "quote", "note"},
		{"Smith, Jane", `She said "hi"`, "line one\nline two"},
		{"Zoë", "", "東京; 🐳"},
		{"short"},
	}, recs)

	_, err = newCSVReader(strings.NewReader("a,\"unterminated\nb")).ReadAll()
	assert.Error(t, err)
}

func TestLooksLikeHeader(t *testing.T) {
	tests := []struct {
		name     string
		recs     [][]string
		existing []string
		want     bool
	}{
		{"names over numbers", [][]string{{"id", "price"}, {"1", "2.5"}, {"2", "3"}}, nil, true},
		{"numbers first", [][]string{{"1", "2.5"}, {"2", "3"}}, nil, false},
		{"duplicate names", [][]string{{"a", "a"}, {"1", "2"}}, nil, false},
		{"empty field", [][]string{{"a", ""}, {"1", "2"}}, nil, false},
		{"fixed-length codes", [][]string{{"country", "code"}, {"Norway", "NO"}, {"Iceland", "IS"}}, nil, true},
		{"text like the data", [][]string{{"Alice", "Smith"}, {"Bob", "Jones"}, {"Alice", "Brown"}}, nil, false},
		{"only row", [][]string{{"a", "b"}}, nil, true},
		{"matches existing columns", [][]string{{"ID", "Name"}, {"1", "x"}}, []string{"id", "name"}, true},
		{"does not match existing", [][]string{{"x", "y"}, {"1", "x"}}, []string{"id", "name"}, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, looksLikeHeader(tt.recs, tt.existing), tt.name)
	}
}

func TestWidenTypes(t *testing.T) {
	recs := [][]string{
		{"1", "1.5", "x", "", "7"},
		{"2", "2", "3", "", "9223372036854775808"},
	}
	var types []importType
	for _, r := range recs {
		types = widenTypes(types, r)
	}
	assert.Equal(t, []importType{importInt, importFloat, importText, importInt, importFloat}, types)
	assert.Equal(t, []importType{importInt, importFloat, importText, importInt, importFloat, importText},
		widenTypes(types, []string{"", "", "", "", "", "x"}), "a longer record adds a column")
}

func TestColumnNames(t *testing.T) {
	assert.Equal(t, []string{"a", "c2", "a_2", "A_3", "c5"}, columnNames([]string{"a", " ", "a", "A"}, 5))
}
