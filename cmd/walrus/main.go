// Command walrus is the interactive shell of the walrus database; see
// package shell for what it does.
package main

import (
	"context"
	"os"

	_ "github.com/walrusdb/walrus" // registers the "walrus" database/sql driver
	"github.com/walrusdb/walrus/shell"
)

func main() {
	os.Exit(shell.Main(context.Background(), os.Args[1:], shell.ProcessEnv("walrus")))
}
