package shell

import (
	"context"
	"database/sql/driver"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeMainEnv makes the test binary run the shell (with the fake driver)
// instead of the tests, so the terminal tests need no engine.
const fakeMainEnv = "WALRUS_SHELL_FAKE_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(fakeMainEnv) == "1" {
		os.Exit(fakeMain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeMain runs Main on a fake database (named by the last argument) that
// answers two statements: one returns a row, the other blocks until it is
// cancelled.
func fakeMain(args []string) int {
	db := newFakeDB(args[len(args)-1])
	db.answer("SELECT 6 * 7\nAS answer", fakeResult{cols: []string{"answer"}, rows: [][]driver.Value{{int64(42)}}})
	db.answer("SELECT sleep(1000)", fakeResult{block: true})
	return Main(context.Background(), args, ProcessEnv(fakeDriverName))
}

// requireTmux finds tmux, installing it with apt-get when missing; the test
// is skipped only when tmux cannot be installed.
func requireTmux(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("tmux"); err == nil {
		return p
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil {
		t.Skip("tmux is not installed and apt-get is not available to install it")
	}
	if out, err := exec.Command(apt, "install", "-y", "-qq", "tmux").CombinedOutput(); err != nil {
		t.Skipf("tmux is not installed and apt-get install tmux failed: %v\n%s", err, out)
	}
	p, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux still not found after apt-get install")
	}
	return p
}

// tmuxSession drives one program in a detached tmux session with its own
// server socket.
type tmuxSession struct {
	t      *testing.T
	tmux   string
	socket string
}

// startTmux runs command (a shell command line) in a new 100x30 session.
func startTmux(t *testing.T, dir, command string) *tmuxSession {
	s := &tmuxSession{t: t, tmux: requireTmux(t), socket: filepath.Join(dir, "tmux.sock")}
	s.cmd("new-session", "-d", "-s", "w", "-x", "100", "-y", "30", command)
	t.Cleanup(func() { exec.Command(s.tmux, "-S", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) cmd(args ...string) string {
	s.t.Helper()
	out, err := exec.Command(s.tmux, append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	require.NoError(s.t, err, "tmux %v: %s", args, out)
	return string(out)
}

// typeLine types text literally, then Enter.
func (s *tmuxSession) typeLine(text string) {
	s.t.Helper()
	// tmux reads an argument's trailing ';' as a command separator.
	if text != "" {
		s.send(text)
	}
	s.cmd("send-keys", "-t", "w", "Enter")
}

// send types text literally, without Enter.
func (s *tmuxSession) send(text string) {
	s.t.Helper()
	if strings.HasSuffix(text, ";") {
		text = strings.TrimSuffix(text, ";") + `\;`
	}
	s.cmd("send-keys", "-t", "w", "-l", text)
}

func (s *tmuxSession) key(k string) { s.cmd("send-keys", "-t", "w", k) }

func (s *tmuxSession) screen() string { return s.cmd("capture-pane", "-p", "-t", "w") }

// waitFor polls the screen until it shows want n times. The deadline only
// bounds a hung test; the assertion is on the screen's content. The
// screen has no trailing blanks, so neither has want.
func (s *tmuxSession) waitFor(want string, n int) string {
	s.t.Helper()
	scr, ok := s.poll(want, n, 20*time.Second)
	if !ok {
		s.t.Fatalf("screen never showed %q %d times:\n%s", want, n, scr)
	}
	return scr
}

// poll waits up to d for the screen to show want n times.
func (s *tmuxSession) poll(want string, n int, d time.Duration) (string, bool) {
	s.t.Helper()
	want = strings.TrimRight(want, " ")
	deadline := time.Now().Add(d)
	for {
		scr := s.screen()
		if strings.Count(scr, want) >= n {
			return scr, true
		}
		if time.Now().After(deadline) {
			return scr, false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// interrupt presses Ctrl-C until the running statement reports that it
// was interrupted: a ^C that arrives before the shell left the line editor
// only clears the next prompt's line, so it is pressed again.
func (s *tmuxSession) interrupt() {
	s.t.Helper()
	for range 10 {
		s.key("C-c")
		if _, ok := s.poll("Error: interrupted", 1, 2*time.Second); ok {
			return
		}
	}
	s.t.Fatalf("Ctrl-C never interrupted the statement:\n%s", s.screen())
}

// TestTerminalFakeDriver runs the shell on a pseudo-terminal (the test
// binary itself, with the fake driver): continuation prompt, box output,
// Ctrl-C cancelling a running statement but not the shell, tab
// completion, one history entry per statement, Ctrl-D (S5).
func TestTerminalFakeDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a terminal")
	}
	dir := t.TempDir()
	bin, err := os.Executable()
	require.NoError(t, err)
	command := "HOME=" + dir + " " + fakeMainEnv + "=1 " + bin + " term.db; echo shell-exit=$?; sleep 60"
	s := startTmux(t, dir, command)

	s.waitFor(Prompt, 1)
	s.typeLine("SELECT 6 * 7")
	s.waitFor(ContinuationPrompt, 1)
	s.typeLine("AS answer;")
	scr := s.waitFor("└", 1)
	assert.Contains(t, scr, "│ answer │\n")
	assert.Contains(t, scr, "│     42 │\n")

	s.typeLine("SELECT sleep(1000);")
	s.waitFor(Prompt+"SELECT sleep(1000);", 1) // read by the line editor, not queued in the terminal
	s.interrupt()
	s.waitFor(Prompt, 3)

	s.cmd("send-keys", "-t", "w", "-l", ".tim")
	s.key("Tab")
	s.typeLine("on")
	s.waitFor(".timer on", 1)
	s.typeLine(".show")
	s.waitFor("     timer: on", 1)

	s.key("C-d")
	s.waitFor("shell-exit=0", 1)

	hist, err := os.ReadFile(filepath.Join(dir, HistoryFileName))
	require.NoError(t, err)
	assert.Equal(t, "SELECT 6 * 7 AS answer;\nSELECT sleep(1000);\n.timer on\n.show\n", string(hist))
}
