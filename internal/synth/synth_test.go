package synth

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// readTree returns every file under dir by its relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteExactFileCount(t *testing.T) {
	for _, n := range []int{1, 2, 10, cellFiles, cellFiles + 1, cellFiles + 2, 100} {
		dir := t.TempDir()
		m, err := Write(dir, Options{Files: n, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(readTree(t, dir)); got != n || m.Files != n {
			t.Errorf("Files %d: wrote %d, manifest says %d", n, got, m.Files)
		}
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	ma, errA := Write(a, Options{Files: 200, Seed: 5})
	mb, errB := Write(b, Options{Files: 200, Seed: 5})
	_, errC := Write(c, Options{Files: 200, Seed: 6})
	if errA != nil || errB != nil || errC != nil {
		t.Fatal(errA, errB, errC)
	}
	ta, tb, tc := readTree(t, a), readTree(t, b), readTree(t, c)
	same := func(x, y map[string][]byte) bool {
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if !bytes.Equal(v, y[k]) {
				return false
			}
		}
		return true
	}
	if !same(ta, tb) || len(ma.Planted) != len(mb.Planted) {
		t.Error("the same seed wrote different repositories")
	}
	if same(ta, tc) {
		t.Error("different seeds wrote the same repository")
	}
}

// TestPlantedLinesHoldTheValue checks each planted line holds what the manifest says, so a
// change to the templates cannot shift the expectations silently.
func TestPlantedLinesHoldTheValue(t *testing.T) {
	dir := t.TempDir()
	m, err := Write(dir, Options{Files: 500, Seed: 9, Share: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	want := map[string]string{"TOL401": "timeout server 30", "TOL302": "tcp_tw_recycle = 1"}
	kinds := map[string]bool{}
	for _, p := range m.Planted {
		lines := bytes.Split(files[p.File], []byte("\n"))
		if p.Line < 1 || p.Line > len(lines) {
			t.Fatalf("%s:%d: no such line", p.File, p.Line)
		}
		line := lines[p.Line-1]
		kinds[p.Rule] = true
		if s, ok := want[p.Rule]; ok && !bytes.Contains(line, []byte(s)) {
			t.Errorf("%s:%d: %q does not hold %q", p.File, p.Line, line, s)
		}
		if p.Rule == "TOL101" && !bytes.Contains(line, []byte("300s")) && !bytes.Contains(line, []byte("90s")) && !bytes.Contains(line, []byte("120")) {
			t.Errorf("%s:%d: %q holds no planted idle value", p.File, p.Line, line)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("planted rules %v, want TOL101, TOL302 and TOL401", kinds)
	}
}

func TestSingleFiles(t *testing.T) {
	if n := bytes.Count(NginxConfig(10), []byte("server {")); n != 10 {
		t.Errorf("NginxConfig(10) has %d server blocks", n)
	}
	if n := bytes.Count(HAProxyConfig(10), []byte("\nbackend ")); n != 10 {
		t.Errorf("HAProxyConfig(10) has %d backends", n)
	}
}

func TestNegativeSharePlantsNothing(t *testing.T) {
	m, err := Write(t.TempDir(), Options{Files: 200, Seed: 1, Share: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Planted) != 0 {
		t.Errorf("planted %d violations with a negative share", len(m.Planted))
	}
}
