package gorm

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus"
	"gorm.io/gorm"
)

func TestAssociationsReplaceDelete(t *testing.T) {
	e := migrated(t)
	u := seedAlice(t, e)
	tags := func() []string {
		var names []string
		require.NoError(t, e.db.Model(&Tag{}).
			Joins("JOIN user_tags ON user_tags.tag_id = tags.id").
			Where("user_tags.user_id = ?", u.ID).Order("tags.name").Pluck("tags.name", &names).Error)
		return names
	}
	require.NoError(t, e.db.Model(u).Association("Tags").Replace([]Tag{{Name: "zig"}, u.Tags[0]}))
	assert.Equal(t, []string{"go", "zig"}, tags())
	var goTag Tag
	require.NoError(t, e.db.Where("name = ?", "go").First(&goTag).Error)
	require.NoError(t, e.db.Model(u).Association("Tags").Delete(&goTag))
	assert.Equal(t, []string{"zig"}, tags())
	assert.Equal(t, int64(1), e.db.Model(u).Association("Tags").Count())

	// Replacing a has-many nulls the old children's key in GORM, which
	// the NOT NULL user_id refuses: the error comes back, nothing changes.
	err := e.db.Model(u).Association("Orders").Replace([]Order{{Amount: 1}})
	assert.Error(t, err)
	var n int64
	require.NoError(t, e.db.Model(&Order{}).Where("user_id = ?", u.ID).Count(&n).Error)
	assert.Equal(t, int64(3), n, "the new order was inserted before the failing UPDATE")

	// Deleting a has-one association nulls its key too, refused the same
	// way; Unscoped deletes the row.
	assert.ErrorIs(t, e.db.Model(u).Association("Profile").Delete(u.Profile), walrus.CodeConstraint)
	require.NoError(t, e.db.Model(u).Association("Profile").Unscoped().Delete(u.Profile))
	var p Profile
	require.ErrorIs(t, e.db.Where("user_id = ?", u.ID).First(&p).Error, gorm.ErrRecordNotFound)
}

func TestFindInBatches(t *testing.T) {
	e := migrated(t)
	var tags []Tag
	for i := range 25 {
		tags = append(tags, Tag{Name: fmt.Sprintf("t%02d", i)})
	}
	require.NoError(t, e.db.CreateInBatches(tags, 10).Error)

	var seen []string
	var batches []int
	var page []Tag
	res := e.db.Order("id").FindInBatches(&page, 10, func(tx *gorm.DB, batch int) error {
		batches = append(batches, len(page))
		for _, t := range page {
			seen = append(seen, t.Name)
		}
		// Writing from inside the batch loop, as GORM's docs show.
		return tx.Model(&Tag{}).Where("id IN ?", ids(page)).Update("color", fmt.Sprint("b", batch)).Error
	})
	require.NoError(t, res.Error)
	assert.Equal(t, []int{10, 10, 5}, batches)
	assert.Len(t, seen, 25)
	assert.Equal(t, "t00", seen[0])
	assert.Equal(t, "t24", seen[24])
	var colors []string
	require.NoError(t, e.db.Model(&Tag{}).Distinct("color").Order("color").Pluck("color", &colors).Error)
	assert.Equal(t, []string{"b1", "b2", "b3"}, colors)
}

func ids(tags []Tag) []uint {
	var out []uint
	for _, t := range tags {
		out = append(out, t.ID)
	}
	return out
}

// TestConcurrentWriters: GORM's pool runs transactions on several
// connections at once; walrus serialises writers with the file lock and
// busy_timeout, so every transaction commits.
func TestConcurrentWriters(t *testing.T) {
	e := migrated(t)
	const workers, each = 4, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- e.db.Transaction(func(tx *gorm.DB) error {
					u := User{Name: fmt.Sprintf("w%d-%d", w, i), Orders: []Order{{Amount: float64(i)}}}
					if err := tx.Create(&u).Error; err != nil {
						return err
					}
					var n int64
					return tx.Model(&Order{}).Where("user_id = ?", u.ID).Count(&n).Error
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var users, orders int64
	require.NoError(t, e.db.Model(&User{}).Count(&users).Error)
	require.NoError(t, e.db.Model(&Order{}).Count(&orders).Error)
	assert.Equal(t, int64(workers*each), users)
	assert.Equal(t, int64(workers*each), orders)
}

func TestContextDeadline(t *testing.T) {
	e := migrated(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	<-ctx.Done() // sleeping past the deadline races with the timer's cancel
	err := e.db.WithContext(ctx).Create(&Tag{Name: "late"}).Error
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var n int64
	require.NoError(t, e.db.Model(&Tag{}).Count(&n).Error)
	assert.Zero(t, n)
}

// TestConcurrentReadModifyWrite: transactions that read a row and write
// it back, from several goroutines. Walrus locks the file, not rows, so
// the DSN asks BEGIN to take the write lock at once (_txlock=immediate):
// the transactions then queue and no increment is lost.
func TestConcurrentReadModifyWrite(t *testing.T) {
	e := openPath(t, "file:"+filepath.Join(t.TempDir(), "app.db")+"?_txlock=immediate")
	require.NoError(t, e.db.AutoMigrate(allModels...))
	require.NoError(t, e.db.Create(&User{Name: "counter"}).Error)
	const workers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				errs <- e.db.Transaction(func(tx *gorm.DB) error {
					var u User
					if err := tx.Where("name = ?", "counter").First(&u).Error; err != nil {
						return err
					}
					return tx.Model(&u).Update("age", u.Age+1).Error
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var u User
	require.NoError(t, e.db.Where("name = ?", "counter").First(&u).Error)
	assert.Equal(t, 18+workers*each, u.Age)
}
