package gorm

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// seedAlice creates a user with an order, a profile and two tags in one
// Create, the associations saved by GORM.
func seedAlice(t *testing.T, e *env) *User {
	t.Helper()
	born := time.Date(1990, 4, 1, 0, 0, 0, 0, time.UTC)
	u := &User{
		Name:    "alice",
		Email:   ptr("alice@example.com"),
		Balance: 12.5,
		Avatar:  []byte{0, 1, 2, 0xff},
		Born:    &born,
		Orders: []Order{
			{Amount: 9.99, PlacedAt: time.Date(2024, 1, 2, 3, 4, 5, 678e6, time.UTC)},
			{Amount: 100, Status: "paid", Note: ptr("gift")},
		},
		Profile: &Profile{Bio: ptr("hello")},
		Tags:    []Tag{{Name: "go"}, {Name: "sql", Color: "blue"}},
	}
	require.NoError(t, e.db.Create(u).Error)
	return u
}

func TestCreateWithAssociations(t *testing.T) {
	e := migrated(t)
	u := seedAlice(t, e)
	assert.Equal(t, uint(1), u.ID)
	assert.Equal(t, []uint{1, 2}, []uint{u.Orders[0].ID, u.Orders[1].ID})
	assert.Equal(t, u.ID, u.Orders[0].UserID)
	assert.Equal(t, uint(1), u.Profile.ID)
	assert.Equal(t, []uint{1, 2}, []uint{u.Tags[0].ID, u.Tags[1].ID})

	// Read back everything, defaults included.
	var got User
	require.NoError(t, e.db.Preload("Orders", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Profile").Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("name") }).
		First(&got, u.ID).Error)
	assert.Equal(t, "alice", got.Name)
	require.NotNil(t, got.Email)
	assert.Equal(t, "alice@example.com", *got.Email)
	assert.True(t, got.Active, "default true")
	assert.Equal(t, "member", got.Role, "default 'member'")
	assert.Equal(t, 18, got.Age, "default 18")
	assert.Equal(t, 12.5, got.Balance)
	assert.Equal(t, []byte{0, 1, 2, 0xff}, got.Avatar)
	require.NotNil(t, got.Born)
	assert.Equal(t, "1990-04-01", got.Born.Format(time.DateOnly))
	assert.False(t, got.CreatedAt.IsZero())
	// datetime(3): GORM's NowFunc rounds to milliseconds, which are kept.
	assert.True(t, got.CreatedAt.Equal(u.CreatedAt), "%v != %v", got.CreatedAt, u.CreatedAt)
	assert.False(t, got.DeletedAt.Valid)

	require.Len(t, got.Orders, 2)
	assert.Equal(t, "new", got.Orders[0].Status, "default 'new'")
	assert.Equal(t, 9.99, got.Orders[0].Amount)
	assert.Nil(t, got.Orders[0].Note)
	assert.True(t, got.Orders[0].PlacedAt.Equal(time.Date(2024, 1, 2, 3, 4, 5, 678e6, time.UTC)), "%v", got.Orders[0].PlacedAt)
	assert.Equal(t, "paid", got.Orders[1].Status)
	assert.True(t, got.Orders[1].PlacedAt.IsZero(), "a zero time.Time reads back zero: %v", got.Orders[1].PlacedAt)
	require.NotNil(t, got.Orders[1].Note)
	assert.Equal(t, "gift", *got.Orders[1].Note)

	require.NotNil(t, got.Profile)
	assert.Equal(t, "hello", *got.Profile.Bio)
	require.Len(t, got.Tags, 2)
	assert.Equal(t, "go", got.Tags[0].Name)
	assert.Equal(t, "", got.Tags[0].Color)
	assert.Equal(t, "blue", got.Tags[1].Color)

	// The decimal is exact in the file.
	var amount string
	require.NoError(t, e.sql.QueryRow("SELECT amount FROM orders WHERE id = 1").Scan(&amount))
	assert.Equal(t, "9.99", amount)

	// The unique index refuses a second alice. GORM's TranslateError
	// cannot make it gorm.ErrDuplicatedKey: the MySQL dialector only
	// translates *mysql.MySQLError; walrus's code says what it is.
	err := e.db.Create(&User{Name: "alice"}).Error
	assert.ErrorIs(t, err, walrus.CodeConstraint)
	assert.ErrorContains(t, err, "users.name")
}

func TestCreateInBatches(t *testing.T) {
	e := migrated(t)
	require.NoError(t, e.db.Create(&User{Name: "first"}).Error)
	e.log.take()
	var users []User
	for i := range 7 {
		users = append(users, User{Name: fmt.Sprintf("u%d", i), Age: 20 + i})
	}
	require.NoError(t, e.db.CreateInBatches(users, 3).Error)
	var inserts []string
	for _, s := range e.log.take() {
		if strings.HasPrefix(s, "INSERT INTO `users`") {
			inserts = append(inserts, s)
		}
	}
	assert.Len(t, inserts, 3, "batches of 3, 3 and 1")
	// GORM fills the ids from the batch's LastInsertId (the first row's,
	// as in MySQL) counting up.
	for i, u := range users {
		assert.Equal(t, uint(i+2), u.ID, u.Name)
	}
	var rows []struct {
		ID   uint
		Name string
	}
	require.NoError(t, e.db.Model(&User{}).Order("id").Scan(&rows).Error)
	require.Len(t, rows, 8)
	for i, u := range users {
		assert.Equal(t, u.ID, rows[i+1].ID)
		assert.Equal(t, u.Name, rows[i+1].Name)
	}
}

func TestJoinsAndPreload(t *testing.T) {
	e := migrated(t)
	alice := seedAlice(t, e)
	bob := &User{Name: "bob", Orders: []Order{{Amount: 5, Status: "paid"}}}
	require.NoError(t, e.db.Create(bob).Error)

	// Joins on a belongs-to: one query, columns aliased `User__name`.
	var orders []Order
	require.NoError(t, e.db.Joins("User").Where("`User`.`name` = ?", "alice").Order("`orders`.`id`").Find(&orders).Error)
	stmts := e.log.take()
	assert.Contains(t, stmts[len(stmts)-1], "`User__name`")
	require.Len(t, orders, 2)
	for _, o := range orders {
		require.NotNil(t, o.User)
		assert.Equal(t, alice.ID, o.User.ID)
		assert.Equal(t, "alice", o.User.Name)
	}

	// Nested joins: aliases `User__Profile__bio`.
	var nested []Order
	require.NoError(t, e.db.Joins("User").Joins("User.Profile").Order("`orders`.`id`").Find(&nested).Error)
	require.Len(t, nested, 3)
	require.NotNil(t, nested[0].User.Profile)
	assert.Equal(t, "hello", *nested[0].User.Profile.Bio)
	assert.Equal(t, "bob", nested[2].User.Name)
	assert.Nil(t, nested[2].User.Profile, "bob has none: LEFT JOIN")

	// Joins with conditions on the joined table.
	var paid []Order
	require.NoError(t, e.db.Joins("User").Where("orders.status = ?", "paid").Order("User__name DESC").Find(&paid).Error)
	require.Len(t, paid, 2)
	assert.Equal(t, "bob", paid[0].User.Name)
	assert.Equal(t, "alice", paid[1].User.Name)

	// Preload of all three associations for several users.
	var users []User
	require.NoError(t, e.db.Preload(clause.Associations).Order("name").Find(&users).Error)
	require.Len(t, users, 2)
	assert.Len(t, users[0].Orders, 2)
	assert.Len(t, users[0].Tags, 2)
	assert.NotNil(t, users[0].Profile)
	assert.Len(t, users[1].Orders, 1)
	assert.Empty(t, users[1].Tags)
	assert.Nil(t, users[1].Profile)

	// A plain inner join with a group by, scanned into a struct.
	type total struct {
		Name  string
		N     int
		Total float64
	}
	var totals []total
	require.NoError(t, e.db.Model(&User{}).
		Select("users.name, count(*) AS n, sum(orders.amount) AS total").
		Joins("JOIN orders ON orders.user_id = users.id").
		Group("users.name").Order("users.name").Scan(&totals).Error)
	assert.Equal(t, []total{{"alice", 2, 109.99}, {"bob", 1, 5}}, totals)

	// Association mode.
	n := e.db.Model(alice).Association("Tags").Count()
	assert.Equal(t, int64(2), n)
	require.NoError(t, e.db.Model(bob).Association("Tags").Append(&Tag{Name: "rust"}))
	var names []string
	require.NoError(t, e.db.Model(&Tag{}).Order("id").Pluck("name", &names).Error)
	assert.Equal(t, []string{"go", "sql", "rust"}, names)
}

func TestUpdates(t *testing.T) {
	e := migrated(t)
	u := seedAlice(t, e)
	created := u.UpdatedAt

	// Save writes every column.
	u.Name = "alicia"
	u.Email = nil
	u.Active = false
	time.Sleep(2 * time.Millisecond)
	require.NoError(t, e.db.Omit(clause.Associations).Save(u).Error)

	// Updates with a map writes only its keys (and updated_at).
	require.NoError(t, e.db.Model(u).Updates(map[string]any{"role": "admin", "age": 41}).Error)
	// Updates with a struct skips zero fields.
	require.NoError(t, e.db.Model(u).Updates(User{Balance: 99.75, Age: 0}).Error)
	// Update one column; an expression.
	require.NoError(t, e.db.Model(u).Update("avatar", []byte("png")).Error)
	require.NoError(t, e.db.Model(&User{}).Where("id = ?", u.ID).Update("balance", gorm.Expr("balance * ? + ?", 2, 0.5)).Error)
	require.NoError(t, e.db.Model(&Order{}).Where("user_id = ?", u.ID).UpdateColumn("amount", gorm.Expr("amount + 1")).Error)

	var got User
	require.NoError(t, e.db.First(&got, u.ID).Error)
	assert.Equal(t, "alicia", got.Name)
	assert.Nil(t, got.Email)
	assert.False(t, got.Active)
	assert.Equal(t, "admin", got.Role)
	assert.Equal(t, 41, got.Age)
	assert.Equal(t, 200.0, got.Balance)
	assert.Equal(t, []byte("png"), got.Avatar)
	assert.True(t, got.UpdatedAt.After(created), "%v after %v", got.UpdatedAt, created)

	var amounts []float64
	require.NoError(t, e.db.Model(&Order{}).Order("id").Pluck("amount", &amounts).Error)
	assert.Equal(t, []float64{10.99, 101}, amounts)

	// Save of a row that does not exist: the UPDATE changes nothing, so
	// GORM inserts it with ON DUPLICATE KEY UPDATE. Saving it unchanged
	// takes the same path and changes nothing.
	require.NoError(t, e.db.Save(&Tag{ID: 50, Name: "fifty", Color: "gold"}).Error)
	require.NoError(t, e.db.Save(&Tag{ID: 50, Name: "fifty", Color: "gold"}).Error)
	stmts := e.log.take()
	assert.Contains(t, stmts[len(stmts)-1], "ON DUPLICATE KEY UPDATE")
	var tags []Tag
	require.NoError(t, e.db.Where("id >= 50").Find(&tags).Error)
	assert.Equal(t, []Tag{{ID: 50, Name: "fifty", Color: "gold"}}, tags)
	next := Tag{Name: "next"}
	require.NoError(t, e.db.Create(&next).Error)
	assert.Equal(t, uint(51), next.ID, "the explicit id moved the AUTO_INCREMENT counter")

	// RowsAffected counts changed rows.
	res := e.db.Model(&Order{}).Where("status = ?", "new").Update("status", "shipped")
	require.NoError(t, res.Error)
	assert.Equal(t, int64(1), res.RowsAffected)
}

func TestSoftAndHardDelete(t *testing.T) {
	e := migrated(t)
	u := seedAlice(t, e)
	require.NoError(t, e.db.Create(&User{Name: "bob"}).Error)

	require.NoError(t, e.db.Delete(u).Error)
	var n int64
	require.NoError(t, e.db.Model(&User{}).Count(&n).Error)
	assert.Equal(t, int64(1), n, "soft-deleted alice is hidden")
	require.NoError(t, e.db.Unscoped().Model(&User{}).Count(&n).Error)
	assert.Equal(t, int64(2), n)
	var ghost User
	require.NoError(t, e.db.Unscoped().First(&ghost, u.ID).Error)
	assert.True(t, ghost.DeletedAt.Valid)
	assert.ErrorIs(t, e.db.First(&User{}, u.ID).Error, gorm.ErrRecordNotFound)

	// Her orders and profile stay: a soft delete is an UPDATE.
	require.NoError(t, e.db.Model(&Order{}).Count(&n).Error)
	assert.Equal(t, int64(2), n)

	// A hard delete of a tag still used by user_tags is refused (the join
	// table's keys are RESTRICT), as in MySQL.
	var tag Tag
	require.NoError(t, e.db.Where("name = ?", "go").First(&tag).Error)
	err := e.db.Unscoped().Delete(&tag).Error
	assert.ErrorIs(t, err, walrus.CodeConstraint)
	assert.ErrorContains(t, err, "fk_user_tags_tag")

	// The hard delete of the user cascades to orders and profile; the
	// join table rows must go first (RESTRICT), as GORM leaves them.
	require.NoError(t, e.db.Model(u).Association("Tags").Clear())
	require.NoError(t, e.db.Unscoped().Delete(u).Error)
	require.NoError(t, e.db.Unscoped().Model(&User{}).Count(&n).Error)
	assert.Equal(t, int64(1), n)
	require.NoError(t, e.db.Model(&Order{}).Count(&n).Error)
	assert.Equal(t, int64(0), n, "orders cascade")
	require.NoError(t, e.db.Model(&Profile{}).Count(&n).Error)
	assert.Equal(t, int64(0), n, "profile cascades")
	require.NoError(t, e.db.Unscoped().Delete(&tag).Error, "now unreferenced")
}

func TestNestedTransactions(t *testing.T) {
	e := migrated(t)
	errInner := errors.New("inner fails")
	err := e.db.Transaction(func(tx *gorm.DB) error {
		require.NoError(t, tx.Create(&Tag{Name: "outer-1"}).Error)
		inner := tx.Transaction(func(tx2 *gorm.DB) error {
			require.NoError(t, tx2.Create(&Tag{Name: "inner"}).Error)
			return errInner
		})
		assert.ErrorIs(t, inner, errInner)
		require.NoError(t, tx.Transaction(func(tx2 *gorm.DB) error {
			return tx2.Create(&Tag{Name: "inner-kept"}).Error
		}))
		return tx.Create(&Tag{Name: "outer-2"}).Error
	})
	require.NoError(t, err)
	stmts := strings.Join(e.log.take(), "\n")
	assert.Contains(t, stmts, "SAVEPOINT")
	assert.Contains(t, stmts, "ROLLBACK TO SAVEPOINT")

	var names []string
	require.NoError(t, e.db.Model(&Tag{}).Order("id").Pluck("name", &names).Error)
	assert.Equal(t, []string{"outer-1", "inner-kept", "outer-2"}, names)

	// A failing outer transaction takes its inner ones with it.
	err = e.db.Transaction(func(tx *gorm.DB) error {
		require.NoError(t, tx.Transaction(func(tx2 *gorm.DB) error {
			return tx2.Create(&Tag{Name: "doomed"}).Error
		}))
		return errInner
	})
	assert.ErrorIs(t, err, errInner)
	var n int64
	require.NoError(t, e.db.Model(&Tag{}).Where("name = ?", "doomed").Count(&n).Error)
	assert.Zero(t, n)

	// Manual Begin/SavePoint/RollbackTo.
	tx := e.db.Begin()
	require.NoError(t, tx.Create(&Tag{Name: "m1"}).Error)
	require.NoError(t, tx.SavePoint("sp1").Error)
	require.NoError(t, tx.Create(&Tag{Name: "m2"}).Error)
	require.NoError(t, tx.RollbackTo("sp1").Error)
	require.NoError(t, tx.Commit().Error)
	require.NoError(t, e.db.Model(&Tag{}).Where("name LIKE ?", "m%").Pluck("name", &names).Error)
	assert.Equal(t, []string{"m1"}, names)
}

func TestUpsert(t *testing.T) {
	e := migrated(t)
	require.NoError(t, e.db.Create(&[]Tag{{Name: "go", Color: "cyan"}, {Name: "sql", Color: "grey"}}).Error)

	// UpdateAll: every column but the key from the new row.
	err := e.db.Clauses(clause.OnConflict{UpdateAll: true}).
		Create(&[]Tag{{Name: "go", Color: "blue"}, {Name: "zig", Color: "orange"}}).Error
	require.NoError(t, err)
	stmts := e.log.take()
	assert.Contains(t, stmts[len(stmts)-1], "ON DUPLICATE KEY UPDATE `name`=VALUES(`name`),`color`=VALUES(`color`)")

	// DoUpdates of chosen columns.
	require.NoError(t, e.db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "name"}},
		DoUpdates: clause.AssignmentColumns([]string{"color"}),
	}).Create(&Tag{Name: "sql", Color: "green"}).Error)
	stmts = e.log.take()
	assert.Contains(t, stmts[len(stmts)-1], "ON DUPLICATE KEY UPDATE `color`=VALUES(`color`)")

	// DoNothing becomes a no-op update of the key.
	require.NoError(t, e.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&Tag{Name: "zig", Color: "red"}).Error)

	type row struct {
		ID    uint
		Name  string
		Color string
	}
	var rows []row
	require.NoError(t, e.db.Model(&Tag{}).Order("id").Scan(&rows).Error)
	require.Len(t, rows, 3)
	assert.Equal(t, row{1, "go", "blue"}, rows[0])
	assert.Equal(t, row{2, "sql", "green"}, rows[1])
	assert.Equal(t, "zig", rows[2].Name)
	assert.Equal(t, "orange", rows[2].Color)
}

func TestQueries(t *testing.T) {
	e := migrated(t)
	seedAlice(t, e)
	for _, name := range []string{"bob", "carol", "dave"} {
		require.NoError(t, e.db.Create(&User{Name: name, Age: len(name) * 10}).Error)
	}

	var n int64
	require.NoError(t, e.db.Model(&User{}).Where("age >= ?", 40).Count(&n).Error)
	assert.Equal(t, int64(2), n)
	require.NoError(t, e.db.Model(&User{}).Distinct("role").Count(&n).Error)
	assert.Equal(t, int64(1), n)

	var names []string
	require.NoError(t, e.db.Model(&User{}).Where("name IN ?", []string{"bob", "dave", "zed"}).Order("name DESC").Pluck("name", &names).Error)
	assert.Equal(t, []string{"dave", "bob"}, names)

	var ids []uint
	require.NoError(t, e.db.Model(&User{}).Order("id").Limit(2).Offset(1).Pluck("id", &ids).Error)
	assert.Equal(t, []uint{2, 3}, ids)

	var first, last User
	require.NoError(t, e.db.First(&first).Error)
	require.NoError(t, e.db.Last(&last).Error)
	assert.Equal(t, "alice", first.Name)
	assert.Equal(t, "dave", last.Name)

	var taken User
	require.NoError(t, e.db.Where(&User{Name: "carol"}).Take(&taken).Error)
	assert.Equal(t, 50, taken.Age)

	type ageRow struct {
		Name string
		Age  int
		Old  bool
	}
	var ages []ageRow
	require.NoError(t, e.db.Table("users").Select("name, age, age > ? AS old", 35).Where("deleted_at IS NULL").Order("age").Scan(&ages).Error)
	assert.Equal(t, []ageRow{{"alice", 18, false}, {"bob", 30, false}, {"dave", 40, true}, {"carol", 50, true}}, ages)

	var m []map[string]any
	require.NoError(t, e.db.Model(&User{}).Select("name", "age").Where("name = ?", "bob").Find(&m).Error)
	require.Len(t, m, 1)
	assert.Equal(t, "bob", m[0]["name"])
	assert.EqualValues(t, 30, m[0]["age"])

	// Or, Not, map conditions, Group and Having.
	require.NoError(t, e.db.Model(&User{}).Where(e.db.Where("age < ?", 20).Or("name = ?", "dave")).Not("name = ?", "alice").
		Order("name").Pluck("name", &names).Error)
	assert.Equal(t, []string{"dave"}, names)
	require.NoError(t, e.db.Model(&User{}).Where(map[string]any{"role": "member", "age": []int{30, 50}}).
		Order("name").Pluck("name", &names).Error)
	assert.Equal(t, []string{"bob", "carol"}, names)
	type roleCount struct {
		Role string
		N    int
		Avg  float64
	}
	var rc []roleCount
	require.NoError(t, e.db.Model(&User{}).Select("role, count(*) AS n, avg(age) AS avg").Group("role").
		Having("count(*) > ?", 1).Scan(&rc).Error)
	assert.Equal(t, []roleCount{{"member", 4, 34.5}}, rc)

	// FirstOrCreate and a subquery.
	var tag Tag
	require.NoError(t, e.db.Where(Tag{Name: "new"}).Attrs(Tag{Color: "red"}).FirstOrCreate(&tag).Error)
	assert.NotZero(t, tag.ID)
	var withOrders []string
	require.NoError(t, e.db.Model(&User{}).Where("id IN (?)", e.db.Model(&Order{}).Select("user_id")).Pluck("name", &withOrders).Error)
	assert.Equal(t, []string{"alice"}, withOrders)

	// Row locks: FOR UPDATE inside a transaction (the file lock already
	// isolates it).
	require.NoError(t, e.db.Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("name = ?", "bob").First(&u).Error; err != nil {
			return err
		}
		return tx.Model(&u).Update("age", u.Age+1).Error
	}))
	require.NoError(t, e.db.Model(&User{}).Where("name = ?", "bob").Pluck("age", &ids).Error)
	assert.Equal(t, []uint{31}, ids)

	for _, lock := range []clause.Locking{{Strength: "SHARE"}, {Strength: "UPDATE", Options: "NOWAIT"},
		{Strength: "UPDATE", Options: "SKIP LOCKED"}, {Strength: "UPDATE", Table: clause.Table{Name: clause.CurrentTable}}} {
		var u User
		require.NoError(t, e.db.Clauses(lock).Where("name = ?", "dave").First(&u).Error, lock)
		assert.Equal(t, "dave", u.Name)
	}

	// Prepared statement mode: GORM keeps database/sql statements and
	// reruns them with new arguments.
	ps := e.db.Session(&gorm.Session{PrepareStmt: true})
	for _, name := range []string{"carol", "dave", "carol"} {
		var u User
		require.NoError(t, ps.Where("name = ?", name).First(&u).Error)
		assert.Equal(t, name, u.Name)
	}
	require.NoError(t, ps.Create(&Tag{Name: "prepared"}).Error)
	require.NoError(t, ps.Model(&Tag{}).Where("name = ?", "prepared").Count(&n).Error)
	assert.Equal(t, int64(1), n)

	// Rows and ScanRows.
	rows, err := e.db.Model(&User{}).Where("age > ?", 20).Order("id").Rows()
	require.NoError(t, err)
	var got []string
	for rows.Next() {
		var u User
		require.NoError(t, e.db.ScanRows(rows, &u))
		got = append(got, u.Name)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	assert.Equal(t, []string{"bob", "carol", "dave"}, got)
}
