// Package gorm is walrus's GORM acceptance test: GORM with its MySQL
// dialector over a walrus database file. It is a module of its own so that
// GORM and the MySQL driver never enter walrus's go.mod.
package gorm
