package sysctl

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the project's corpus of real configuration files, when present.
const sharedCorpus = "../../../shared/corpus"

// corpusFile is a real file with the path it has in its repository.
type corpusFile struct {
	name, repoPath string
	data           []byte
}

// readCorpus reads the files of dir; a file's repository path comes from the manifest, or
// from its name (owner__repo__dir__file) for the copies in testdata/corpus.
func readCorpus(t *testing.T, dir, format string, paths map[string]string) []corpusFile {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusFile
	for _, e := range entries {
		if e.IsDir() || e.Name() == "README.md" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		repoPath, ok := paths[format+"/"+e.Name()]
		if !ok {
			parts := strings.Split(e.Name(), "__")
			repoPath = path.Join(parts[min(2, len(parts)-1):]...)
		}
		out = append(out, corpusFile{name: filepath.Join(dir, e.Name()), repoPath: repoPath, data: data})
	}
	return out
}

// sysctlFiles are the real sysctl files: the copies and the shared corpus when present.
func sysctlFiles(t *testing.T) []corpusFile {
	t.Helper()
	paths := parsertest.Manifest(t, sharedCorpus)
	files := readCorpus(t, filepath.Join("testdata", "corpus"), "sysctl", paths)
	files = append(files, readCorpus(t, filepath.Join(sharedCorpus, "sysctl"), "sysctl", paths)...)
	if len(files) == 0 {
		t.Fatal("no sysctl files found")
	}
	return files
}

func TestCorpusParses(t *testing.T) {
	for _, f := range sysctlFiles(t) {
		frag := parse(f.data, f.repoPath, f.repoPath, input.Options{})
		for _, err := range parsertest.LinePositionErrors(string(f.data), f.repoPath, frag) {
			t.Errorf("%s: %v", f.name, err)
		}
		// Every file of the corpus is valid: none may yield a diagnostic.
		for _, d := range parsertest.DiagLines(frag) {
			t.Errorf("%s: %s", f.name, d)
		}
	}
}

// TestCorpusSettings pins what the real files set, so that a change shows up here. The
// copies set none of the keys read; the shared corpus has files that do.
func TestCorpusSettings(t *testing.T) {
	want := map[string][]string{
		"k4yt3x__sysctl__sysctl.conf": {
			`net.ipv4.tcp_timestamps=false (explicit "0")@sysctl.conf:252:27`,
		},
		"8picoz__isucon11__etc__sysctl.conf": {
			`net.ipv4.tcp_tw_reuse=1 (explicit "1")@etc/sysctl.conf:72:25`,
		},
		"EkeMinusYou__isucon12-qualify__etc__sysctl.conf": {
			`net.ipv4.tcp_tw_reuse=1 (explicit "1")@etc/sysctl.conf:72:23`,
		},
		"Kicksecure__security-misc__usr__lib__sysctl.d__990-security-misc.conf#security-misc-shared": {
			`net.ipv4.tcp_timestamps=false (explicit "0")@usr/lib/sysctl.d/990-security-misc.conf#security-misc-shared:606:25`,
			`net.ipv4.tcp_tw_reuse=0 (explicit "0")@usr/lib/sysctl.d/990-security-misc.conf#security-misc-shared:616:23`,
		},
	}
	seen := 0
	for _, f := range sysctlFiles(t) {
		frag := parse(f.data, f.repoPath, f.repoPath, input.Options{})
		w, pinned := want[filepath.Base(f.name)]
		if pinned {
			seen++
		}
		if got := tcpSummary(frag); !slices.Equal(got, w) {
			t.Errorf("%s: settings %q, want %q", f.name, got, w)
		}
	}
	if _, err := os.Stat(sharedCorpus); err == nil && seen != len(want) {
		t.Errorf("pinned %d files, found %d of them", len(want), seen)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		rel, head string
		want      bool
	}{
		{"etc/sysctl.conf", "net.ipv4.tcp_timestamps = 1\n", true},
		{"sysctl.conf", "# only comments\n#net.ipv4.ip_forward=1\n", true},
		{"etc/sysctl.d/10-x.conf", "# only comments\n", false},
		{"etc/sysctl.d/99-tuning.conf", "-net/ipv4/tcp_tw_reuse=1\nvm.swappiness = 10\n", true},
		{"sysctl.d/10-x.conf", "kernel.pid_max = 4194304\n", true},
		{"hosts/web/app.sysctl.conf", "fs.file-max = 100000\n", true},
		{"usr/lib/sysctl.d/50-default.conf", "net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n", true},
		{"etc/sysctl.d/README", "This directory holds sysctl settings.\nSee sysctl.d(5).\n", false},
		{"etc/nginx/conf.d/default.conf", "net.ipv4.tcp_timestamps = 1\n", false},
		{"etc/sysctl.d/nginx.conf", "server {\n    listen 80;\n    keepalive_timeout 75s;\n}\n", false},
		{"etc/sysctl.conf", "global\n    maxconn 100\nfrontend f\n    bind :80\n", false},
		{"etc/sysctl.conf", "foo.bar = 1\nbaz.qux = 2\n", false},
		{"tasks/main.yml", "- name: tune\n  ansible.posix.sysctl:\n    name: net.ipv4.tcp_timestamps\n    value: 0\n", true},
		{"site.yaml", "---\n# play\n- hosts: all\n  tasks:\n    - sysctl: name=vm.swappiness value=5\n", true},
		{"tasks/main.yml", "- name: tune\n  ansible.builtin.copy:\n    src: sysctl.conf\n", false},
		{"pod.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n    - name: net.ipv4.tcp_timestamps\n      value: \"0\"\n", false},
		{"tolint.yaml", "hops:\n  - name: lb\n    tcp:\n      timestamps: false\n", false},
		{"vars.yml", "sysctl:\n  net.ipv4.tcp_timestamps: 0\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.rel, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.rel, tt.head, got, tt.want)
		}
	}
	for _, f := range sysctlFiles(t) {
		if !Sniff(f.repoPath, f.data[:min(len(f.data), input.HeadSize)]) {
			t.Errorf("%s (%s): not recognised as sysctl", f.name, f.repoPath)
		}
	}
	paths := parsertest.Manifest(t, sharedCorpus)
	others := 0
	for _, format := range []string{"nginx", "haproxy", "kubernetes", "envoy", "terraform", "spring", "openapi", "templated"} {
		for _, f := range readCorpus(t, filepath.Join(sharedCorpus, format), format, paths) {
			others++
			head := f.data[:min(len(f.data), input.HeadSize)]
			base := path.Base(f.repoPath)
			for _, rel := range []string{f.repoPath, "etc/sysctl.d/" + base, "etc/sysctl.d/" + base + ".conf", "roles/web/tasks/" + base + ".yml"} {
				if Sniff(rel, head) {
					t.Errorf("%s: taken for sysctl when named %s", f.name, rel)
				}
			}
		}
	}
	if _, err := os.Stat(sharedCorpus); err == nil && others < 300 {
		t.Errorf("only %d files of other formats in the shared corpus", others)
	}
}
