package gorm

import (
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// The models of the acceptance test: a User has many Orders, has one
// Profile and many Tags through the join table user_tags; an Order
// belongs to its User. Between them they use every column kind the issue
// lists: uint ids (bigint unsigned AUTO_INCREMENT), sized strings,
// nullable *string, bool, datetime(3), soft delete, longblob, decimal,
// unique and composite indexes, defaults and ON DELETE CASCADE keys.

type User struct {
	ID     uint
	Name   string  `gorm:"size:64;not null;uniqueIndex"`
	Email  *string `gorm:"size:128"`
	Active bool    `gorm:"not null;default:true"`
	Role   string  `gorm:"size:16;not null;default:member"`
	Age    int     `gorm:"default:18"`
	// MySQL reports the default as stored, 0.00: written default:0, GORM
	// would see a changed default and MODIFY the column on every start.
	Balance   float64 `gorm:"type:decimal(10,2);not null;default:0.00"`
	Avatar    []byte
	Born      *time.Time `gorm:"type:date"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Orders  []Order  `gorm:"constraint:OnDelete:CASCADE"`
	Profile *Profile `gorm:"constraint:OnDelete:CASCADE"`
	Tags    []Tag    `gorm:"many2many:user_tags"`
}

type Profile struct {
	ID     uint
	UserID uint    `gorm:"not null;uniqueIndex"`
	Bio    *string `gorm:"type:text;comment:free text, 'quoted'"`
}

type Order struct {
	ID       uint
	UserID   uint    `gorm:"not null;index:idx_orders_user_status,priority:1"`
	Status   string  `gorm:"size:16;not null;default:new;index:idx_orders_user_status,priority:2"`
	Amount   float64 `gorm:"type:decimal(10,2);not null"`
	Note     *string `gorm:"size:255"`
	PlacedAt time.Time
	User     *User
}

type Tag struct {
	ID    uint
	Name  string `gorm:"size:32;not null;uniqueIndex"`
	Color string `gorm:"size:16;not null;default:''"`
}

// TagV2 is Tag one release later: a new column with an index, and a new
// string column with an empty default.
type TagV2 struct {
	ID     uint
	Name   string `gorm:"size:32;not null;uniqueIndex"`
	Color  string `gorm:"size:16;not null;default:''"`
	Weight int    `gorm:"not null;default:0;index"`
	Label  string `gorm:"size:32;not null;default:''"`
}

func (TagV2) TableName() string { return "tags" }

// TagWide widens Tag's name.
type TagWide struct {
	ID    uint
	Name  string `gorm:"size:100;not null;uniqueIndex"`
	Color string `gorm:"size:16;not null;default:''"`
}

func (TagWide) TableName() string { return "tags" }

// allModels is every model in creation order; the join table comes with
// User's many2many field.
var allModels = []any{&User{}, &Profile{}, &Order{}, &Tag{}}

// Kinds has a field of every Go kind GORM's MySQL dialector maps to its
// own column type, for round trips and for AutoMigrate reading each type
// back unchanged.
type Kinds struct {
	ID       uint64 `gorm:"primaryKey"`
	I8       int8
	I16      int16
	I32      int32
	I64      int64 `gorm:"check:i64 >= 0"`
	U8       uint8
	U16      uint16
	U32      uint32
	U64      uint64
	F32      float32
	F64      float64
	Dec      float64 `gorm:"precision:12;scale:4"`
	Text     string
	Medium   string `gorm:"size:70000"`
	Code     string `gorm:"size:8;default:'x'"`
	Bin      []byte `gorm:"size:16"`
	At       time.Time
	AtMicro  time.Time `gorm:"precision:6"`
	Maybe    sql.NullString
	MaybeInt sql.NullInt64
	MaybeAt  sql.NullTime
	Meta     map[string]any `gorm:"serializer:json"`
}
