package nginx

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
)

func TestIncludes(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		main  string
		// wantFiles is the hop's file list; wantServers the listener names in read order.
		wantFiles, wantServers, wantDiags []string
	}{
		{
			name: "relative glob in name order, relative to the main file's directory",
			main: "deploy/nginx.conf",
			files: map[string]string{
				"deploy/nginx.conf":           "http {\n    include conf.d/*.conf;\n    include snippets/none-*.conf;\n}\n",
				"deploy/conf.d/b.conf":        "server { listen 8002; }",
				"deploy/conf.d/a.conf":        "server { listen 8001; include snippets/common.conf; }",
				"deploy/conf.d/c.txt":         "server { listen 8003; }",
				"deploy/snippets/common.conf": "keepalive_timeout 5s;",
			},
			// Files are listed as read: a server's own includes when its block is read.
			wantFiles:   []string{"deploy/nginx.conf", "deploy/conf.d/a.conf", "deploy/conf.d/b.conf", "deploy/snippets/common.conf"},
			wantServers: []string{"server 8001", "server 8002"},
			wantDiags:   []string{"deploy/nginx.conf:3:5 not-inspected: include snippets/none-*.conf was not inspected: the pattern matches no file inside the scanned root"},
		},
		{
			name: "absolute includes are found by their trailing components next to the main file",
			main: "infra/nginx/nginx.conf",
			files: map[string]string{
				"infra/nginx/nginx.conf":                "http {\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/mime.types;\n    include /etc/nginx/sites-enabled/*;\n}\n",
				"infra/nginx/conf.d/api.conf":           "server { listen 9000; }",
				"infra/nginx/mime.types":                "types { text/html html; }",
				"infra/nginx/nginx/sites-enabled/x":     "server { listen 9001; }",
				"infra/nginx/sites-enabled/y":           "server { listen 9002; }",
				"infra/nginx/etc/nginx/sites-enabled/z": "server { listen 9003; }",
			},
			// The longest suffix wins: etc/nginx/sites-enabled/* before nginx/sites-enabled/*.
			wantFiles:   []string{"infra/nginx/nginx.conf", "infra/nginx/conf.d/api.conf", "infra/nginx/mime.types", "infra/nginx/etc/nginx/sites-enabled/z"},
			wantServers: []string{"server 9000", "server 9003"},
		},
		{
			name: "a missing include is reported and the rest is linted",
			main: "nginx.conf",
			files: map[string]string{
				"nginx.conf": "http {\n    include /etc/nginx/mime.types;\n    include missing.conf;\n    server { listen 80; }\n}\n",
			},
			wantFiles:   []string{"nginx.conf"},
			wantServers: []string{"server 80"},
			wantDiags: []string{
				"nginx.conf:2:5 not-inspected: include /etc/nginx/mime.types was not inspected: no such file inside the scanned root",
				"nginx.conf:3:5 not-inspected: include missing.conf was not inspected: no such file inside the scanned root",
			},
		},
		{
			name: "an include cycle is reported at the include that closes it",
			main: "nginx.conf",
			files: map[string]string{
				"nginx.conf": "http {\n    include a.conf;\n}\n",
				"a.conf":     "server { listen 80; }\ninclude b.conf;\n",
				"b.conf":     "include a.conf;\nserver { listen 81; }\n",
			},
			wantFiles:   []string{"nginx.conf", "a.conf", "b.conf"},
			wantServers: []string{"server 80", "server 81"},
			wantDiags:   []string{"b.conf:1:1 parse-error: include cycle: a.conf -> b.conf -> a.conf; the repeated include was skipped"},
		},
		{
			name: "a file that includes itself from inside a block is a cycle, not deep nesting",
			main: "nginx.conf",
			files: map[string]string{
				"nginx.conf": "http {\n    include a.conf;\n}\n",
				"a.conf":     "server { listen 80; include a.conf; }\n",
			},
			wantFiles:   []string{"nginx.conf", "a.conf"},
			wantServers: []string{"server 80"},
			wantDiags:   []string{"a.conf:1:21 parse-error: include cycle: a.conf -> a.conf; the repeated include was skipped"},
		},
		{
			name: "a file included twice is read once and is not a cycle",
			main: "nginx.conf",
			files: map[string]string{
				"nginx.conf": "server { listen 80; include proxy.conf; }\nserver { listen 81; include proxy.conf; }\n",
				"proxy.conf": "keepalive_timeout 3s;\nproxy_read_timeout bad;\n",
			},
			wantFiles:   []string{"nginx.conf", "proxy.conf"},
			wantServers: []string{"server 80", "server 81"},
			wantDiags:   []string{`proxy.conf:2:20 parse-error: proxy_read_timeout "bad": "bad" is not a duration: expected a number at "bad"`},
		},
		{
			name: "includes leaving the root are not read",
			main: "conf/nginx.conf",
			files: map[string]string{
				"conf/nginx.conf": "http {\n    include ../../outside.conf;\n    include link.conf;\n    server { listen 80; }\n}\n",
				// link.conf is a symlink to a file outside the root, made below.
			},
			wantFiles:   []string{"conf/nginx.conf"},
			wantServers: []string{"server 80"},
			wantDiags: []string{
				"conf/nginx.conf:2:5 not-inspected: include ../../outside.conf was not inspected: it is outside the scanned root",
				"conf/nginx.conf:3:5 not-inspected: include link.conf was not inspected: it leads outside the scanned root",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeTree(t, tt.files)
			if tt.main == "conf/nginx.conf" {
				outside := filepath.Join(t.TempDir(), "secret.conf")
				if err := os.WriteFile(outside, []byte("server { listen 6666; }"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, filepath.Join(root, "conf", "link.conf")); err != nil {
					t.Fatal(err)
				}
			}
			tree, err := input.NewTree(root, root)
			if err != nil {
				t.Fatal(err)
			}
			fr := Parse(tree, tt.main, input.Options{})
			h := fr.Hops[0]
			if !slices.Equal(fr.Files, tt.wantFiles) || !slices.Equal(h.Files, tt.wantFiles) {
				t.Errorf("files %q, want %q", fr.Files, tt.wantFiles)
			}
			var servers []string
			for _, l := range h.Listeners {
				servers = append(servers, l.Name)
			}
			if !slices.Equal(servers, tt.wantServers) {
				t.Errorf("servers %q, want %q", servers, tt.wantServers)
			}
			if got := diagLines(fr); !slices.Equal(got, tt.wantDiags) {
				t.Errorf("diagnostics\n got %q\nwant %q", got, tt.wantDiags)
			}
		})
	}
}

func TestIncludeFanOutCap(t *testing.T) {
	// 120 x 120 includes of a tiny file: more than the cap, and no cycle. Each mid.conf
	// counts 121 files, so the cap is passed at the 78th leaf of the 83rd mid.conf.
	lines := strings.Repeat("include mid.conf;\n", 120)
	fr := parseFiles(t, map[string]string{
		"nginx.conf": lines,
		"mid.conf":   strings.Repeat("include leaf.conf;\n", 120),
		"leaf.conf":  "keepalive_timeout 1s;\n",
	}, "nginx.conf", "")
	want := "mid.conf:78:1 parse-error: more than 10000 files included into one configuration; the rest were not read"
	if got := diagLines(fr); !slices.Equal(got, []string{want}) {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "binary main file",
			files: map[string]string{"nginx.conf": "\x7fELF\x00\x00\x01"},
			want:  []string{"nginx.conf:1:1 parse-error: cannot read nginx configuration: binary file (contains NUL bytes), not a configuration file"},
		},
		{
			name: "binary included file",
			files: map[string]string{
				"nginx.conf": "http {\n    include blob.conf;\n    server { listen 80; }\n}\n",
				"blob.conf":  "\x00\x01\x02",
			},
			want: []string{"nginx.conf:2:5 parse-error: include blob.conf: cannot read blob.conf: binary file (contains NUL bytes), not a configuration file"},
		},
		{
			name:  "Latin-1 text is read as nginx reads it",
			files: map[string]string{"nginx.conf": "# caf\xe9\nserver { listen 80; }\n"},
		},
		{
			name:  "unterminated quote",
			files: map[string]string{"nginx.conf": "server {\n    listen 80;\n    return 200 \"never closed;\n}\n"},
			want: []string{
				`nginx.conf:1:1 parse-error: block "server" has no closing "}" before the end of the file`,
				`nginx.conf:3:16 parse-error: unterminated double-quoted string: no closing '"' before the end of the file`,
			},
		},
		{
			name:  "unterminated block",
			files: map[string]string{"nginx.conf": "http {\n    server {\n        listen 80;\n    }\n"},
			want:  []string{`nginx.conf:1:1 parse-error: block "http" has no closing "}" before the end of the file`},
		},
		{
			name:  "a directive with no semicolon at the end of the file",
			files: map[string]string{"nginx.conf": "server { listen 80; }\nkeepalive_timeout 5s"},
			want:  []string{`nginx.conf:2:1 parse-error: directive "keepalive_timeout" has no ";" before the end of the file`},
		},
		{
			name:  "an empty file",
			files: map[string]string{"nginx.conf": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := parseFiles(t, tt.files, "nginx.conf", "")
			if got := diagLines(fr); !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics\n got %q\nwant %q", got, tt.want)
			}
			if !slices.Equal(fr.Files, []string{"nginx.conf"}) && len(tt.files) == 1 {
				t.Errorf("files %q", fr.Files)
			}
		})
	}
	// What parsed before a broken quote still counts.
	fr := parseFiles(t, map[string]string{"nginx.conf": "server {\n    listen 80;\n    return 200 \"never closed;\n}\n"}, "nginx.conf", "")
	if l := fr.Hops[0].Listeners; len(l) != 1 || l[0].Addrs[0].Port != 80 {
		t.Errorf("the server before the broken quote was lost")
	}
}

func TestMissingMainFile(t *testing.T) {
	fr := parseFiles(t, map[string]string{"other.conf": ""}, "nginx.conf", "")
	got := diagLines(fr)
	if len(got) != 1 || !strings.HasPrefix(got[0], "nginx.conf:1:1 parse-error: cannot read nginx configuration: ") {
		t.Errorf("diagnostics %q", got)
	}
	if !slices.Equal(fr.Files, []string{"nginx.conf"}) || fr.Hops[0].ID != "nginx.conf" {
		t.Errorf("the hop must still name its file: %q", fr.Files)
	}
}

// TestPathologicalInputs feeds inputs built to blow up a naive parser: each must finish
// in linear time with a bounded number of diagnostics.
func TestPathologicalInputs(t *testing.T) {
	const n = 200000
	inputs := map[string]string{
		"semicolons":       strings.Repeat(";", n),
		"open braces":      strings.Repeat("{", n),
		"close braces":     strings.Repeat("}", n),
		"nested blocks":    strings.Repeat("a {", n),
		"glued quotes":     strings.Repeat(`"a"b `, n),
		"variables":        strings.Repeat("${", n),
		"lua brackets":     "x_by_lua_block {" + strings.Repeat("[=[", n),
		"self includes":    strings.Repeat("include nginx.conf;\n", n),
		"invalid timeouts": "server {" + strings.Repeat("keepalive_timeout x;\n", n) + "}",
		"servers":          strings.Repeat("server { listen 80; location / { proxy_pass http://10.0.0.1; } }\n", n/20),
	}
	for name, src := range inputs {
		fr := parse(memSource{"nginx.conf": []byte(src)}, "nginx.conf", input.Options{})
		if len(fr.Diags) > maxDiags+1 {
			t.Errorf("%s: %d diagnostics", name, len(fr.Diags))
		}
	}
}
