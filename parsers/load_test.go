package parsers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const nginxMain = "events {}\nhttp {\n  include conf.d/*.conf;\n}\n"
const nginxSite = "server {\n  listen 10.0.0.1:80;\n  location / { proxy_pass http://app; }\n}\nupstream app { server 10.0.0.2:8080; }\n"
const haproxyCfg = "defaults\n  mode http\n  timeout client 5s\nfrontend f\n  bind 10.0.0.2:8080\n"

func hopIDs(r *Result) []string {
	var ids []string
	for _, f := range r.Fragments {
		for _, h := range f.Hops {
			ids = append(ids, h.ID+" "+h.Software+"@"+h.Version)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestLoadDiscoversDetectsAndGroupsIncludes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"edge/nginx.conf":               nginxMain,
		"edge/conf.d/site.conf":         nginxSite, // included: part of edge, not a hop of its own
		"lb/haproxy.cfg":                haproxyCfg,
		"other/site.conf":               nginxSite, // a snippet nobody includes: a hop of its own
		"supervisord.conf":              "[program:x]\ncommand=/bin/true\n",
		"main.go":                       "package main\n",
		"node_modules/pkg/nginx.conf":   nginxMain,
		"vendor/nginx.conf":             nginxMain,
		".git/config":                   "[core]\n",
		".terraform/modules/nginx.conf": nginxMain,
		"tolint.yaml":                   "hops:\n  - name: edge\n    config: edge/nginx.conf\n    software: nginx@1.24\n",
	}
	for name, content := range files {
		write(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	res, err := Load([]string{dir}, dir, Options{Assume: map[string]string{"haproxy": "2.8"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"edge/nginx.conf nginx@1.24", "lb/haproxy.cfg haproxy@2.8", "other/site.conf nginx@"}
	if got := hopIDs(res); !slices.Equal(got, want) {
		t.Errorf("hops = %q, want %q", got, want)
	}
	if res.Topology == nil || len(res.Topology.Hops) != 1 || len(res.Topology.Hops[0].Configs) != 1 || res.Topology.Hops[0].Configs[0].File != "edge/nginx.conf" {
		t.Errorf("topology = %+v", res.Topology)
	}
	for _, f := range res.Fragments {
		if len(f.Diags) > 0 {
			t.Errorf("unexpected diagnostics: %+v", f.Diags)
		}
	}
}

func TestLoadPathsRelativeToWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "repo", "lb", "haproxy.cfg"), haproxyCfg)
	res, err := Load([]string{filepath.Join(dir, "repo")}, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := hopIDs(res); len(got) != 1 || !strings.HasPrefix(got[0], "repo/lb/haproxy.cfg ") {
		t.Errorf("hops = %q, want ids relative to the working directory", got)
	}
	// A single file as the path.
	res, err = Load([]string{filepath.Join(dir, "repo", "lb", "haproxy.cfg")}, dir, Options{})
	if err != nil || len(hopIDs(res)) != 1 {
		t.Errorf("single file: %v %v", hopIDs(res), err)
	}
	if _, err := Load([]string{filepath.Join(dir, "nope")}, dir, Options{}); err == nil {
		t.Error("a missing path must be an error")
	}
}

func TestFilesIncludingEachOtherKeepOneHop(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "nginx.conf"), "events {}\nhttp { include conf.d/*.conf; }\n")
	write(t, filepath.Join(dir, "conf.d", "a.conf"), "include conf.d/*.conf;\nserver { listen 10.0.0.1:80; }\n")
	write(t, filepath.Join(dir, "conf.d", "b.conf"), "include conf.d/*.conf;\nserver { listen 10.0.0.2:80; }\n")
	// A symlinked directory is not followed and not reported.
	if err := os.Symlink(filepath.Join(dir, "conf.d"), filepath.Join(dir, "sites")); err != nil {
		t.Fatal(err)
	}
	res, err := Load([]string{dir}, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := hopIDs(res); !slices.Equal(got, []string{"nginx.conf nginx@"}) {
		t.Errorf("hops = %q, want only the main file's hop", got)
	}
	for _, f := range res.Fragments {
		for _, d := range f.Diags {
			if strings.Contains(d.Pos.File, "sites") {
				t.Errorf("symlinked directory reported: %s", d.Message)
			}
		}
	}
}

func TestDetectionBeyondTheHead(t *testing.T) {
	dir := t.TempDir()
	licence := strings.Repeat("# This program is free software; you can redistribute it.\n", 100) // 5.8 KiB
	files := map[string]string{
		// Comments longer than the head before the first section: detected after them.
		"tests/fsm.cfg": licence + "\n" + haproxyCfg,
		// Not a configuration of ours after the comments either: passed over.
		"tests/notes.cfg": licence + "[section]\nkey = value\n",
		// config-package-dev's name for a file installed as 30-net.conf.
		"usr/lib/sysctl.d/30-net.conf#security-misc-shared": "net.ipv4.tcp_timestamps = 0\n",
		// Other '#' names are still not read.
		"usr/lib/sysctl.d/#30-net.conf#": "net.ipv4.tcp_timestamps = 0\n",
	}
	for name, content := range files {
		write(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	res, err := Load([]string{dir}, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Files {
		got = append(got, d.File+" "+d.Format)
	}
	want := []string{"tests/fsm.cfg haproxy", "tests/notes.cfg ", "usr/lib/sysctl.d/30-net.conf#security-misc-shared sysctl"}
	if !slices.Equal(got, want) {
		t.Errorf("files read as %q, want %q", got, want)
	}
}
