package nginx

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// parseFixture parses a file under testdata with root-relative display paths.
func parseFixture(t *testing.T, dir, rel, version string) *graph.Fragment {
	t.Helper()
	root, _ := filepath.Abs(dir)
	tree, err := input.NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(tree, rel, input.Options{Version: version})
}

// TestEdgeFixture reads the nginx -t checked edge configuration the way a user's would be.
func TestEdgeFixture(t *testing.T) {
	fr := parseFixture(t, "testdata/valid", "edge/nginx.conf", "")
	if len(fr.Diags) != 0 {
		t.Fatalf("diagnostics: %q", diagLines(fr))
	}
	h := fr.Hops[0]
	if want := []string{"edge/nginx.conf", "edge/conf.d/admin.conf", "edge/snippets/proxy.conf"}; !slices.Equal(fr.Files, want) {
		t.Errorf("files %q, want %q", fr.Files, want)
	}
	edge := parsertest.Listener(t, h, "server edge.example.com")
	if !slices.Equal(edge.Names, []string{"edge.example.com", "www.example.com"}) || len(edge.Addrs) != 2 {
		t.Errorf("edge listener: names %q, addrs %+v", edge.Names, edge.Addrs)
	}
	admin := parsertest.Listener(t, h, "server admin.example.com")
	checks := []struct {
		what string
		got  graph.DurationSetting
		want string
	}{
		{"edge idle", edge.Idle, "65s inherited edge/nginx.conf:9:23 raw=65s (inherited from http block)"},
		{"edge keep-alive header", edge.KeepAliveHeader, "60s inherited edge/nginx.conf:9:27 raw=60 bare (inherited from http block)"},
		{"admin idle", admin.Idle, "5s explicit edge/conf.d/admin.conf:5:23 raw=5 bare"},
		{"admin request", admin.Request, "10s inherited edge/nginx.conf:12:27 raw=10s (inherited from http block)"},
		{"api idle", parsertest.Pool(t, h, "upstream api").Idle, "50s explicit edge/nginx.conf:27:27 raw=50s"},
		// The first proxy_pass to api is admin's (its include comes before the server).
		{"api request", parsertest.Pool(t, h, "upstream api").Request, "300s explicit edge/conf.d/admin.conf:9:28 raw=5m"},
		{"static connect from the included snippet", parsertest.Pool(t, h, "upstream static").Connect, "500ms explicit edge/snippets/proxy.conf:3:23 raw=500ms"},
		{"direct TCP keepalive", parsertest.Pool(t, h, "proxy_pass http://10.0.2.7:9000").TCPKeepalive.Get(), "7200s default edge/nginx.conf:66:36"},
	}
	for _, c := range checks {
		if got := describe(c.got); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.what, got, c.want)
		}
	}
	api := parsertest.Pool(t, h, "upstream api")
	if !api.Reuse.Value || api.Reuse.Pos.String() != "edge/nginx.conf:26:19" || api.VersionNote != "" {
		t.Errorf("api reuse: %+v %q", api.Reuse, api.VersionNote)
	}
	static := parsertest.Pool(t, h, "upstream static")
	if !static.Reuse.Value || static.Reuse.Origin != graph.Default || !strings.Contains(static.VersionNote, "nginx < 1.29.7") {
		t.Errorf("static reuse: %+v %q", static.Reuse, static.VersionNote)
	}
	if len(h.Routes) != 5 {
		t.Errorf("routes: %d, want 5", len(h.Routes))
	}
}

// TestLuaCorpusFiles reads OpenResty files whose Lua bodies hold braces, quotes and
// comments; every Lua body is one argument and the rest parses cleanly.
func TestLuaCorpusFiles(t *testing.T) {
	for _, c := range []struct {
		name      string
		listeners int
	}{
		{"nginxinc__crossplane__tests__configs__lua-block-tricky__nginx.conf", 1},
		{"nginxinc__crossplane__tests__configs__lua-block-larger__nginx.conf", 0},
	} {
		fr := parseFixture(t, "testdata/corpus", c.name, "")
		if len(fr.Diags) != 0 {
			t.Errorf("%s: %q", c.name, diagLines(fr))
		}
		if len(fr.Hops[0].Listeners) != c.listeners {
			t.Errorf("%s: listeners %v", c.name, parsertest.Names(fr.Hops[0]))
		}
	}
	data := readFixture(t, "testdata/corpus/nginxinc__crossplane__tests__configs__lua-block-tricky__nginx.conf")
	f := parseFile("tricky.conf", "tricky.conf", data)
	want := `http { server { listen 127.0.0.1:8080; server_name content_by_lua_block; set_by_lua_block $res { -- irregular lua block directive`
	if got := shapeOf(f); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, `upstream content_by_lua_block { } }`) {
		t.Errorf("tree: %s", got)
	}
}
