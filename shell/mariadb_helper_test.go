package shell

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// mariaDB is a private MariaDB server on a UNIX socket in a temporary
// directory, started for one test and stopped at its end.
type mariaDB struct {
	t      *testing.T
	client string // the mariadb client
	socket string
}

// mariaDBPrograms are the programs the round-trip test needs and the
// Debian packages that hold them.
var mariaDBPrograms = []string{"mariadbd", "mariadb-install-db", "mariadb"}

// lookMariaDB finds the MariaDB programs; mariadbd lives in /usr/sbin,
// which may not be on PATH.
func lookMariaDB() (map[string]string, error) {
	paths := map[string]string{}
	for _, name := range mariaDBPrograms {
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

// requireMariaDB finds the MariaDB programs, installing Debian's
// mariadb-server and mariadb-client with apt-get when missing. It never
// skips: a machine that cannot run the test fails it, saying why.
func requireMariaDB(t *testing.T) map[string]string {
	t.Helper()
	if paths, err := lookMariaDB(); err == nil {
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
	paths, err := lookMariaDB()
	if err != nil {
		t.Fatalf("MariaDB programs still missing after apt-get install: %v", err)
	}
	return paths
}

// startMariaDB initialises a data directory and starts mariadbd on a
// socket in it (no TCP), stopping the server when the test ends.
func startMariaDB(t *testing.T) *mariaDB {
	t.Helper()
	paths := requireMariaDB(t)
	// A short directory: a UNIX socket path must fit in 108 bytes.
	dir, err := os.MkdirTemp("", "wmdb")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	data := filepath.Join(dir, "data")
	out, err := exec.Command(paths["mariadb-install-db"], "--no-defaults", "--datadir="+data, "--user=root",
		"--auth-root-authentication-method=normal", "--skip-test-db").CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb-install-db failed: %v\n%s", err, out)
	}
	m := &mariaDB{t: t, client: paths["mariadb"], socket: filepath.Join(dir, "sock")}
	logFile := filepath.Join(dir, "server.log")
	server := exec.Command(paths["mariadbd"], "--no-defaults", "--datadir="+data, "--socket="+m.socket,
		"--skip-networking", "--user=root", "--pid-file="+filepath.Join(dir, "pid"), "--log-error="+logFile,
		"--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=0",
		"--skip-log-bin", "--character-set-server=utf8mb4")
	server.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the test binary
	require.NoError(t, server.Start(), "start mariadbd")
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
		if _, err := m.run("", "SELECT 1", nil); err == nil {
			return m
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

// run runs the mariadb client in batch mode (tab-separated, no column
// names) on database db ("" for none), with query as -e or, when input is
// not nil, input as its script.
func (m *mariaDB) run(db, query string, input []byte) (string, error) {
	args := []string{"--no-defaults", "--socket=" + m.socket, "--user=root", "--batch", "--skip-column-names",
		"--default-character-set=utf8mb4"}
	if query != "" {
		args = append(args, "-e", query)
	}
	if db != "" {
		args = append(args, db)
	}
	cmd := exec.Command(m.client, args...)
	if input != nil {
		cmd.Stdin = bytes.NewReader(input)
	}
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		return out.String(), &mariaDBError{err: err, stderr: strings.TrimSpace(errs.String())}
	}
	return out.String(), nil
}

// query runs one query and fails the test on an error.
func (m *mariaDB) query(db, query string) string {
	m.t.Helper()
	out, err := m.run(db, query, nil)
	require.NoError(m.t, err, "MariaDB: %s", query)
	return out
}

type mariaDBError struct {
	err    error
	stderr string
}

func (e *mariaDBError) Error() string { return e.err.Error() + ": " + e.stderr }
