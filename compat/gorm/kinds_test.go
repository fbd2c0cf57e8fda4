package gorm

import (
	"database/sql"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus"
)

func TestKindsRoundTrip(t *testing.T) {
	e := open(t)
	require.NoError(t, e.db.AutoMigrate(&Kinds{}))
	created := ddl(e.log.take())
	require.Len(t, created, 1)
	for _, frag := range []string{"`i8` tinyint", "`u64` bigint unsigned", "`f32` float", "`f64` double",
		"`dec` decimal(12, 4)", "`text` longtext", "`medium` mediumtext", "`bin` varbinary(16)",
		"`at_micro` datetime(6) NULL", "CONSTRAINT `chk_kinds_i64` CHECK (i64 >= 0)"} {
		assert.Contains(t, created[0], frag)
	}
	// Every type reads back as GORM wrote it, but for one GORM quirk that
	// MySQL and MariaDB show too: GORM writes precision:12;scale:4 as
	// "decimal(12, 4)" and then looks for "decimal(12,4)", so it modifies
	// the column on every run (type:decimal(12,4) does not).
	require.NoError(t, e.db.AutoMigrate(&Kinds{}))
	assert.Equal(t, []string{"ALTER TABLE `kinds` MODIFY COLUMN `dec` decimal(12, 4)"}, ddl(e.log.take()))
	assert.True(t, e.db.Migrator().HasConstraint(&Kinds{}, "chk_kinds_i64"))

	at := time.Date(2025, 6, 7, 8, 9, 10, 123456789, time.UTC)
	k := Kinds{
		I8: math.MinInt8, I16: math.MinInt16, I32: math.MinInt32, I64: math.MaxInt64,
		U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxUint64,
		F32: 1.5, F64: 1e300, Dec: 12345678.1234,
		Text: strings.Repeat("walrus ", 10000), Medium: "m", Code: "abc", Bin: []byte{0, 0xfe},
		At: at, AtMicro: at,
		Maybe:    sql.NullString{String: "yes", Valid: true},
		MaybeInt: sql.NullInt64{},
		MaybeAt:  sql.NullTime{Time: at, Valid: true},
		Meta:     map[string]any{"a": 1.0, "b": []any{"x"}},
	}
	require.NoError(t, e.db.Create(&k).Error)
	assert.Equal(t, uint64(1), k.ID)

	var got Kinds
	require.NoError(t, e.db.First(&got, k.ID).Error)
	assert.Equal(t, k.I8, got.I8)
	assert.Equal(t, k.I16, got.I16)
	assert.Equal(t, k.I32, got.I32)
	assert.Equal(t, k.I64, got.I64)
	assert.Equal(t, k.U8, got.U8)
	assert.Equal(t, k.U16, got.U16)
	assert.Equal(t, k.U32, got.U32)
	assert.Equal(t, k.U64, got.U64, "BIGINT UNSIGNED above 2^63-1")
	assert.Equal(t, k.F32, got.F32)
	assert.Equal(t, k.F64, got.F64)
	assert.Equal(t, k.Dec, got.Dec)
	assert.Equal(t, k.Text, got.Text)
	assert.Equal(t, "abc", got.Code)
	assert.Equal(t, k.Bin, got.Bin)
	// datetime(3) keeps milliseconds, datetime(6) microseconds.
	assert.Equal(t, at.Truncate(time.Millisecond), got.At.UTC())
	assert.Equal(t, at.Truncate(time.Microsecond), got.AtMicro.UTC())
	assert.Equal(t, k.Maybe, got.Maybe)
	assert.False(t, got.MaybeInt.Valid)
	assert.True(t, got.MaybeAt.Valid)
	assert.Equal(t, k.Meta, got.Meta)

	// The CHECK constraint GORM declared is enforced, as in MySQL 8.
	err := e.db.Create(&Kinds{I64: -1}).Error
	assert.ErrorIs(t, err, walrus.CodeConstraint)

	// Dropped through the Migrator (DROP CONSTRAINT), it no longer applies.
	require.NoError(t, e.db.Migrator().DropConstraint(&Kinds{}, "chk_kinds_i64"))
	assert.False(t, e.db.Migrator().HasConstraint(&Kinds{}, "chk_kinds_i64"))
	require.NoError(t, e.db.Create(&Kinds{I64: -1}).Error)
	require.NoError(t, e.db.Where("i64 < 0").Delete(&Kinds{}).Error)

	// A default applies to a field GORM leaves out of the INSERT.
	require.NoError(t, e.db.Omit("Code").Create(&Kinds{}).Error)
	var code string
	require.NoError(t, e.db.Model(&Kinds{}).Where("id = 3").Pluck("code", &code).Error)
	assert.Equal(t, "x", code)
}
