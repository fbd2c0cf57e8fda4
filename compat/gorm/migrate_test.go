package gorm

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenReadsVersion(t *testing.T) {
	e := open(t)
	var v string
	require.NoError(t, e.db.Raw("SELECT VERSION()").Scan(&v).Error)
	assert.Regexp(t, `^8\.`, v)
	assert.NotContains(t, v, "MariaDB", "GORM would send RETURNING")
	assert.Equal(t, "main", e.db.Migrator().CurrentDatabase())
}

func TestAutoMigrate(t *testing.T) {
	e := open(t)
	require.NoError(t, e.db.AutoMigrate(allModels...))
	created := ddl(e.log.take())
	// users, profiles, orders, tags and the join table: five CREATE TABLEs,
	// indexes and keys inline.
	var tables []string
	for _, s := range created {
		if ddlRE.FindStringSubmatch(s)[1] == "CREATE" {
			tables = append(tables, s)
		}
	}
	require.Len(t, tables, 5, "%q", created)
	assert.Contains(t, created[0], "`id` bigint unsigned AUTO_INCREMENT")

	// The second run reads the schema back and must find nothing to do.
	require.NoError(t, e.db.AutoMigrate(allModels...))
	assert.Empty(t, ddl(e.log.take()))

	// Table options, as applications pass them, change nothing either.
	opts := e.db.Set("gorm:table_options", "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
	require.NoError(t, opts.AutoMigrate(allModels...))
	assert.Empty(t, ddl(e.log.take()))
	var comment string
	require.NoError(t, e.db.Raw("SELECT column_comment FROM information_schema.columns WHERE table_name = 'profiles' AND column_name = 'bio'").Scan(&comment).Error)
	assert.Equal(t, "free text, 'quoted'", comment)

	// And so must a new process on the same file.
	e2 := openPath(t, e.path)
	require.NoError(t, e2.db.AutoMigrate(allModels...))
	assert.Empty(t, ddl(e2.log.take()))

	// A new release adds two columns, one with an index: exactly those
	// three statements. The existing rows get the defaults.
	require.NoError(t, e.db.Create(&Tag{Name: "old"}).Error)
	e.log.take()
	require.NoError(t, e.db.AutoMigrate(&TagV2{}))
	assert.Equal(t, []string{
		"ALTER TABLE `tags` ADD `weight` bigint NOT NULL DEFAULT 0",
		"ALTER TABLE `tags` ADD `label` varchar(32) NOT NULL DEFAULT ''",
		"CREATE INDEX `idx_tags_weight` ON `tags`(`weight`)",
	}, ddl(e.log.take()))
	var old TagV2
	require.NoError(t, e.db.First(&old).Error)
	assert.Equal(t, TagV2{ID: 1, Name: "old", Weight: 0, Label: ""}, old)
	require.NoError(t, e.db.AutoMigrate(&TagV2{}))
	assert.Empty(t, ddl(e.log.take()))
	assert.True(t, e.db.Migrator().HasColumn(&TagV2{}, "Weight"))
	assert.True(t, e.db.Migrator().HasIndex(&TagV2{}, "idx_tags_weight"))
}
