package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"

	"github.com/chzyer/readline"
)

// The prompts of the interactive shell.
const (
	Prompt             = "walrus> "
	ContinuationPrompt = "   ...> "
)

// Interactive runs the read-eval-print loop on the terminal: line editing,
// history in historyFile ("" for none) with one entry per statement, tab
// completion. Ctrl-C at the prompt discards the pending input; Ctrl-C while
// a statement runs cancels that statement's context; Ctrl-D exits.
func (s *Shell) Interactive(ctx context.Context, historyFile string) error {
	rl, err := readline.NewEx(&readline.Config{
		Prompt:                 Prompt,
		HistoryFile:            historyFile,
		HistoryLimit:           5000,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           &completer{s: s},
		InterruptPrompt:        "^C",
		EOFPrompt:              "",
		Stdout:                 s.stdout,
		Stderr:                 s.stderr,
	})
	if err != nil {
		return fmt.Errorf("shell: terminal: %w", err)
	}
	defer rl.Close()

	// While a statement runs the terminal is out of raw mode, so Ctrl-C
	// arrives as SIGINT; it cancels the statement, never the shell.
	var mu sync.Mutex
	var cancelStmt context.CancelFunc
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt)
	defer signal.Stop(sigc)
	go func() {
		for range sigc {
			mu.Lock()
			if cancelStmt != nil {
				fmt.Fprintln(s.stderr) // end the line the terminal echoed ^C on
				cancelStmt()
			}
			mu.Unlock()
		}
	}()

	var sp Splitter
	var pending []string // lines of the statement being typed, for history
	for {
		if sp.Pending() {
			rl.SetPrompt(ContinuationPrompt)
		} else {
			rl.SetPrompt(Prompt)
		}
		line, err := rl.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			if !sp.Pending() && line == "" {
				fmt.Fprintln(s.stderr, "(use .quit or Ctrl-D to exit)")
			}
			sp.Reset()
			pending = nil
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("shell: terminal: %w", err)
		}
		wasPending := sp.Pending()
		stmtCtx, cancel := context.WithCancel(ctx)
		mu.Lock()
		cancelStmt = cancel
		mu.Unlock()
		runErr := s.runLine(stmtCtx, &sp, line+"\n")
		mu.Lock()
		cancelStmt = nil
		mu.Unlock()
		cancel()

		if strings.TrimSpace(line) != "" {
			if !wasPending && isDotCommand(line) {
				rl.SaveHistory(strings.TrimSpace(line))
			} else {
				pending = append(pending, line)
				if !sp.Pending() {
					rl.SaveHistory(strings.Join(pending, " "))
					pending = nil
				}
			}
		}
		if errors.Is(runErr, errQuit) {
			return nil
		}
		// .bail only stops scripts; at the prompt the user decides.
		if runErr != nil && !errors.Is(runErr, ErrBailed) {
			s.errorf("%s", runErr.Error())
		}
	}
}
