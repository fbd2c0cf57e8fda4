// Package mariadbtest starts a private MariaDB server for a test: a data
// directory and a UNIX socket in a temporary directory, no TCP, stopped
// when the test ends. Tests use it as an oracle for MySQL semantics and to
// produce real mariadb-dump output.
//
// A machine without MariaDB fails the test (after trying apt-get), it never
// skips it: scripts/test.sh installs mariadb-server and mariadb-client.
package mariadbtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is a running private mariadbd.
type Server struct {
	t      testing.TB
	paths  map[string]string
	Socket string
}

// programs are the MariaDB programs the tests use.
var programs = []string{"mariadbd", "mariadb-install-db", "mariadb", "mariadb-dump"}

// look finds the MariaDB programs; mariadbd lives in /usr/sbin, which may
// not be on PATH.
func look() (map[string]string, error) {
	paths := map[string]string{}
	for _, name := range programs {
		p, err := exec.LookPath(name)
		if err != nil {
			for _, dir := range []string{"/usr/sbin", "/usr/bin"} {
				if _, serr := os.Stat(filepath.Join(dir, name)); serr == nil {
					p, err = filepath.Join(dir, name), nil
					break
				}
			}
		}
		if err != nil {
			return nil, err
		}
		paths[name] = p
	}
	return paths, nil
}

// require finds the MariaDB programs, installing Debian's mariadb-server
// and mariadb-client with apt-get when missing. It never skips: a machine
// that cannot run the test fails it, saying why.
func require(t testing.TB) map[string]string {
	t.Helper()
	if paths, err := look(); err == nil {
		return paths
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil {
		t.Fatal("MariaDB is not installed and apt-get is not available: install mariadb-server and mariadb-client")
	}
	install := func() ([]byte, error) {
		cmd := exec.Command(apt, "install", "-y", "-q", "mariadb-server", "mariadb-client")
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		return cmd.CombinedOutput()
	}
	out, err := install()
	if err != nil { // stale package lists: update them once and retry
		if up, uerr := exec.Command(apt, "update", "-q").CombinedOutput(); uerr != nil {
			t.Fatalf("MariaDB is not installed; apt-get update failed: %v\n%s", uerr, up)
		}
		out, err = install()
	}
	if err != nil {
		t.Fatalf("MariaDB is not installed; apt-get install mariadb-server mariadb-client failed: %v\n%s", err, out)
	}
	paths, err := look()
	if err != nil {
		t.Fatalf("MariaDB programs still missing after apt-get install: %v", err)
	}
	return paths
}

// Start initialises a data directory and starts mariadbd on a socket in it
// (no TCP), stopping the server when the test ends. The server runs in UTC
// so that NOW() and TIMESTAMP columns compare with walrus.
func Start(t testing.TB) *Server {
	t.Helper()
	paths := require(t)
	// A short directory: a UNIX socket path must fit in 108 bytes.
	dir, err := os.MkdirTemp("", "wmdb")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	data := filepath.Join(dir, "data")
	out, err := exec.Command(paths["mariadb-install-db"], "--no-defaults", "--datadir="+data, "--user=root",
		"--auth-root-authentication-method=normal", "--skip-test-db").CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb-install-db failed: %v\n%s", err, out)
	}
	s := &Server{t: t, paths: paths, Socket: filepath.Join(dir, "sock")}
	logFile := filepath.Join(dir, "server.log")
	server := exec.Command(paths["mariadbd"], "--no-defaults", "--datadir="+data, "--socket="+s.Socket,
		"--skip-networking", "--user=root", "--pid-file="+filepath.Join(dir, "pid"), "--log-error="+logFile,
		"--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=0",
		"--skip-log-bin", "--character-set-server=utf8mb4", "--default-time-zone=+00:00")
	server.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the test binary
	if err := server.Start(); err != nil {
		t.Fatalf("start mariadbd: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- server.Wait() }()
	t.Cleanup(func() {
		server.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			server.Process.Kill()
			<-exited
		}
	})
	// Wait for the socket to accept clients. The deadline only bounds a
	// server that never comes up.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := s.Run("", "SELECT 1", nil); err == nil {
			return s
		}
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logFile)
			t.Fatalf("mariadbd exited before accepting connections: %v\n%s", err, log)
		default:
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logFile)
			t.Fatalf("mariadbd did not accept connections within a minute:\n%s", log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *Server) clientArgs() []string {
	return []string{"--no-defaults", "--socket=" + s.Socket, "--user=root"}
}

// Run runs the mariadb client in batch mode (tab-separated, no column
// names) on database db ("" for none), with query as -e or, when input is
// not nil, input as its script.
func (s *Server) Run(db, query string, input []byte) (string, error) {
	args := append(s.clientArgs(), "--batch", "--skip-column-names", "--default-character-set=utf8mb4")
	if query != "" {
		args = append(args, "-e", query)
	}
	if db != "" {
		args = append(args, db)
	}
	return s.exec("mariadb", args, input)
}

// RunForce runs script on database db and goes on after statements that
// fail (--force), returning what the client printed on stdout and stderr.
func (s *Server) RunForce(db string, script []byte) (stdout, stderr string) {
	args := append(s.clientArgs(), "--batch", "--skip-column-names", "--default-character-set=utf8mb4", "--force", db)
	cmd := exec.Command(s.paths["mariadb"], args...)
	cmd.Stdin = bytes.NewReader(script)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	cmd.Run() // the exit status only repeats that a statement failed
	return out.String(), errs.String()
}

// Query runs one query (or several, separated by semicolons) and fails the
// test on an error.
func (s *Server) Query(db, query string) string {
	s.t.Helper()
	out, err := s.Run(db, query, nil)
	if err != nil {
		s.t.Fatalf("MariaDB: %s: %v", query, err)
	}
	return out
}

// Dump runs mariadb-dump on database db with extra arguments (none: the
// default options) and returns what it writes.
func (s *Server) Dump(db string, args ...string) []byte {
	s.t.Helper()
	out, err := s.exec("mariadb-dump", append(append(s.clientArgs(), args...), db), nil)
	if err != nil {
		s.t.Fatalf("mariadb-dump %s: %v", db, err)
	}
	return []byte(out)
}

func (s *Server) exec(program string, args []string, input []byte) (string, error) {
	cmd := exec.Command(s.paths[program], args...)
	if input != nil {
		cmd.Stdin = bytes.NewReader(input)
	}
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		return out.String(), &Error{Err: err, Stderr: strings.TrimSpace(errs.String())}
	}
	return out.String(), nil
}

// Error is a failed client or mariadb-dump run with what it printed.
type Error struct {
	Err    error
	Stderr string
}

// Error keeps the end of what the program printed: the client echoes a
// failing statement (maybe megabytes of INSERT) before its message.
func (e *Error) Error() string {
	msg := e.Stderr
	if len(msg) > 1000 {
		msg = "..." + msg[len(msg)-1000:]
	}
	return e.Err.Error() + ": " + msg
}
