package gorm

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"
)

func TestMigratorHas(t *testing.T) {
	e := migrated(t)
	m := e.db.Migrator()
	for _, tt := range []struct {
		name string
		got  bool
		want bool
	}{
		{"HasTable users", m.HasTable(&User{}), true},
		{"HasTable by name", m.HasTable("user_tags"), true},
		{"HasTable missing", m.HasTable("nope"), false},
		{"HasColumn field name", m.HasColumn(&User{}, "Email"), true},
		{"HasColumn db name", m.HasColumn(&User{}, "deleted_at"), true},
		{"HasColumn missing", m.HasColumn(&User{}, "nope"), false},
		{"HasIndex unique", m.HasIndex(&User{}, "idx_users_name"), true},
		{"HasIndex soft delete", m.HasIndex(&User{}, "idx_users_deleted_at"), true},
		{"HasIndex composite", m.HasIndex(&Order{}, "idx_orders_user_status"), true},
		{"HasIndex missing", m.HasIndex(&Order{}, "idx_nope"), false},
		{"HasConstraint has-many", m.HasConstraint(&User{}, "Orders"), true},
		{"HasConstraint by name", m.HasConstraint(&Order{}, "fk_users_orders"), true},
		{"HasConstraint has-one", m.HasConstraint(&User{}, "Profile"), true},
		{"HasConstraint join table", m.HasConstraint("user_tags", "fk_user_tags_tag"), true},
		{"HasConstraint missing", m.HasConstraint(&Order{}, "fk_nope"), false},
	} {
		assert.Equal(t, tt.want, tt.got, tt.name)
	}
	tables, err := m.GetTables()
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"users", "profiles", "orders", "tags", "user_tags"}, tables)

	tt, err := m.TableType(&User{})
	require.NoError(t, err)
	assert.Equal(t, "BASE TABLE", tt.Type())
	assert.Equal(t, "users", tt.Name())

	idx, err := m.GetIndexes(&Order{})
	require.NoError(t, err)
	byName := map[string]gorm.Index{}
	for _, i := range idx {
		byName[i.Name()] = i
	}
	require.Contains(t, byName, "idx_orders_user_status")
	assert.Equal(t, []string{"user_id", "status"}, byName["idx_orders_user_status"].Columns())
	pk, _ := byName["PRIMARY"].PrimaryKey()
	assert.True(t, pk)
}

func TestMigratorColumnTypes(t *testing.T) {
	e := migrated(t)
	cols, err := e.db.Migrator().ColumnTypes(&User{})
	require.NoError(t, err)
	byName := map[string]gorm.ColumnType{}
	var names []string
	for _, c := range cols {
		byName[c.Name()] = c
		names = append(names, c.Name())
	}
	assert.Equal(t, []string{"id", "name", "email", "active", "role", "age", "balance", "avatar", "born",
		"created_at", "updated_at", "deleted_at"}, names)

	type want struct {
		dbType, colType string
		nullable        bool
		length          int64 // 0: none
		prec, scale     int64 // prec 0: none
		dflt            *string
		pk, auto, uniq  bool
	}
	for name, w := range map[string]want{
		"id":         {"bigint", "bigint unsigned", false, 0, 20, 0, nil, true, true, false},
		"name":       {"varchar", "varchar(64)", false, 64, 0, 0, nil, false, false, false},
		"email":      {"varchar", "varchar(128)", true, 128, 0, 0, nil, false, false, false},
		"active":     {"tinyint", "tinyint(1)", false, 0, 3, 0, ptr("1"), false, false, false},
		"role":       {"varchar", "varchar(16)", false, 16, 0, 0, ptr("member"), false, false, false},
		"age":        {"bigint", "bigint", true, 0, 19, 0, ptr("18"), false, false, false},
		"balance":    {"decimal", "decimal(10,2)", false, 0, 10, 2, ptr("0.00"), false, false, false},
		"avatar":     {"longblob", "longblob", true, 4294967295, 0, 0, nil, false, false, false},
		"born":       {"date", "date", true, 0, 0, 0, nil, false, false, false},
		"created_at": {"datetime", "datetime(3)", true, 0, 3, 0, nil, false, false, false},
		"deleted_at": {"datetime", "datetime(3)", true, 0, 3, 0, nil, false, false, false},
	} {
		c := byName[name]
		require.NotNil(t, c, name)
		assert.Equal(t, w.dbType, c.DatabaseTypeName(), name)
		ct, _ := c.ColumnType()
		assert.Equal(t, w.colType, ct, name)
		nullable, ok := c.Nullable()
		assert.True(t, ok, name)
		assert.Equal(t, w.nullable, nullable, name)
		length, ok := c.Length()
		assert.Equal(t, w.length, length, name)
		assert.Equal(t, w.length != 0, ok, name)
		prec, scale, ok := c.DecimalSize()
		if w.prec != 0 {
			assert.True(t, ok, name)
			assert.Equal(t, w.prec, prec, name)
			assert.Equal(t, w.scale, scale, name)
		}
		dv, ok := c.DefaultValue()
		if w.dflt == nil {
			assert.False(t, ok, "%s has no default, got %q", name, dv)
		} else {
			assert.True(t, ok, name)
			assert.Equal(t, *w.dflt, dv, name)
		}
		pk, _ := c.PrimaryKey()
		assert.Equal(t, w.pk, pk, name)
		auto, _ := c.AutoIncrement()
		assert.Equal(t, w.auto, auto, name)
		// name is UNIQUE through its unique index, which MySQL reports as
		// column_key UNI.
		uniq, _ := c.Unique()
		assert.Equal(t, w.uniq || name == "name", uniq, name)
	}
	// The driver's own column types, from SELECT * LIMIT 1.
	st, ok := byName["avatar"].ScanType(), true
	assert.True(t, ok)
	assert.Equal(t, "[]uint8", st.String())
}

func TestMigratorAlter(t *testing.T) {
	e := migrated(t)
	seedAlice(t, e)
	m := e.db.Migrator()

	require.NoError(t, m.RenameColumn(&Order{}, "note", "remark"))
	assert.False(t, m.HasColumn(&Order{}, "note"))
	assert.True(t, m.HasColumn(&Order{}, "remark"))
	var remark *string
	require.NoError(t, e.db.Table("orders").Where("id = 2").Select("remark").Scan(&remark).Error)
	require.NotNil(t, remark)
	assert.Equal(t, "gift", *remark, "the rename keeps the data")

	require.NoError(t, m.DropColumn(&Order{}, "remark"))
	assert.False(t, m.HasColumn(&Order{}, "remark"))

	require.NoError(t, m.RenameIndex(&Order{}, "idx_orders_user_status", "idx_us"))
	assert.False(t, m.HasIndex(&Order{}, "idx_orders_user_status"))
	assert.True(t, m.HasIndex(&Order{}, "idx_us"))

	require.NoError(t, m.DropIndex(&User{}, "idx_users_deleted_at"))
	assert.False(t, m.HasIndex(&User{}, "idx_users_deleted_at"))

	require.NoError(t, m.DropConstraint(&User{}, "Orders"))
	assert.False(t, m.HasConstraint(&User{}, "Orders"))
	require.NoError(t, m.CreateConstraint(&User{}, "Orders"))
	assert.True(t, m.HasConstraint(&User{}, "Orders"))

	// AlterColumn widens a column in place.
	require.NoError(t, m.AlterColumn(&TagWide{}, "Name"))
	name, ok := columnType(t, e, &Tag{}, "name").ColumnType()
	assert.True(t, ok)
	assert.Equal(t, "varchar(100)", name)
	// AutoMigrate puts the model back: after the note column is re-added
	// and the renamed/dropped indexes are recreated, a further run is a
	// no-op.
	require.NoError(t, e.db.AutoMigrate(allModels...))
	e.log.take()
	require.NoError(t, e.db.AutoMigrate(allModels...))
	assert.Empty(t, ddl(e.log.take()))

	// Rows survived every rebuild.
	var u User
	require.NoError(t, e.db.Preload("Orders").First(&u).Error)
	assert.Equal(t, "alice", u.Name)
	assert.Len(t, u.Orders, 2)

	require.NoError(t, m.DropTable("user_tags", &Profile{}))
	assert.False(t, m.HasTable(&Profile{}))
	assert.False(t, m.HasTable("user_tags"))
}

func columnType(t *testing.T, e *env, model any, name string) gorm.ColumnType {
	t.Helper()
	cols, err := e.db.Migrator().ColumnTypes(model)
	require.NoError(t, err)
	for _, c := range cols {
		if c.Name() == name {
			return c
		}
	}
	t.Fatalf("no column %s", name)
	return nil
}
