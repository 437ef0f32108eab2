package appconf

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
)

const file = "conf"

// show prints what a configuration sets, with positions, and its diagnostics.
func show(c *Config) []string {
	var out []string
	for _, s := range []graph.DurationSetting{c.Keepalive, c.Timeout, c.Graceful} {
		if s.Known() {
			line := fmt.Sprintf("%s=%s@%d:%d raw=%q", s.Key, s.Value, s.Pos.Line, s.Pos.Col, s.Raw)
			if s.Note != "" {
				line += " note: " + s.Note
			}
			out = append(out, line)
		}
	}
	if c.Worker.Known() {
		out = append(out, fmt.Sprintf("worker=%s@%d:%d", c.Worker.Value, c.Worker.Pos.Line, c.Worker.Pos.Col))
	}
	if c.Threads.Known() {
		out = append(out, fmt.Sprintf("threads=%d", c.Threads.Value))
	}
	for _, a := range c.Binds {
		out = append(out, fmt.Sprintf("bind %s@%d:%d", a.HostPort(), a.Pos.Line, a.Pos.Col))
	}
	for _, d := range c.Diags {
		out = append(out, fmt.Sprintf("diag %d:%d %s", d.Pos.Line, d.Pos.Col, d.Message))
	}
	return out
}

func TestGunicorn(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"literals", "keepalive = 75\ntimeout = 120  # seconds\ngraceful_timeout = 30.5\nworker_class = 'gthread'\nthreads = 4\nbind = \"0.0.0.0:8000\"\n", []string{
			`keepalive=75s@1:13 raw="75"`, `timeout=120s@2:11 raw="120"`, `graceful_timeout=30.5s@3:20 raw="30.5"`, "worker=gthread@4:17", "threads=4", "bind *:8000@6:9"}},
		{"arithmetic and names", "minute = 60\ntimeout = 2 * minute\nkeepalive = (minute + 15) // 1\n", []string{
			`keepalive=75s@3:13 raw="(minute + 15) // 1"`, `timeout=120s@2:11 raw="2 * minute"`}},
		{"environment defaults", "import os\nkeepalive = int(os.environ.get(\"KEEPALIVE\", \"70\"))\ntimeout = os.getenv('T', 90)\nbind = [\"0.0.0.0:\" + os.getenv(\"PORT\", \"8000\"), 'unix:/tmp/g.sock']\n", []string{
			`keepalive=70s@2:46 raw="70" note: os.environ.get("KEEPALIVE") default; setting KEEPALIVE overrides it`,
			`timeout=90s@3:26 raw="90" note: os.getenv("T") default; setting T overrides it`, "bind *:8000@4:10"}},
		{"only the last assignment counts, indented ones are not read", "keepalive = 5\nif DEBUG:\n    keepalive = 1\nkeepalive = 65\n", []string{`keepalive=65s@4:13 raw="65"`}},
		{"unknown values are said so", "import multiprocessing\nworkers = multiprocessing.cpu_count() * 2\nkeepalive = os.environ[\"KA\"]\ntimeout = f\"{x}\"\nworker_class = os.environ.get('W')\nthreads = compute()\n", []string{
			"diag 3:13 keepalive comes from os.environ; tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown",
			"diag 4:11 timeout comes from a formatted string; tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown",
			"diag 5:16 worker_class comes from the environment variable W, with no default written; tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown",
			"diag 6:11 threads comes from compute(); tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown"}},
		{"bad values", "keepalive = 'x'\ntimeout = -1\nthreads = 1.5\nworker_class = 3\nbind = 'h:99999'\ngraceful_timeout = 1 / 0\n", []string{
			"diag 1:14 keepalive: x is not a number of seconds",
			"diag 2:11 timeout: -1 is not a number of seconds",
			"diag 3:11 threads: 1.5 is not a whole number",
			"diag 4:16 worker_class: expected a string",
			"diag 5:9 bind: address \"h:99999\": bad port \"99999\"",
			"diag 6:20 graceful_timeout comes from a division by zero; tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := show(Gunicorn([]byte(tc.src), file))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestPuma(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"Rails' generated config", "max_threads_count = ENV.fetch(\"RAILS_MAX_THREADS\") { 5 }\nthreads max_threads_count, max_threads_count\nport ENV.fetch(\"PORT\") { 3000 }\nplugin :tmp_restart\n", []string{
			"bind *:3000@3:26"}},
		{"timeouts", "persistent_timeout ENV.fetch(\"PERSISTENT_TIMEOUT\", 75).to_i\nfirst_data_timeout 30\nworker_shutdown_timeout(ENV[\"WST\"] || 20)\n", []string{
			`persistent_timeout=75s@1:52 raw="75" note: ENV.fetch("PERSISTENT_TIMEOUT") default; setting PERSISTENT_TIMEOUT overrides it`,
			`first_data_timeout=30s@2:20 raw="30"`,
			`worker_shutdown_timeout=20s@3:25 raw="ENV[\"WST\"] || 20" note: used when WST is not set; setting it overrides this`}},
		{"binds", "bind 'tcp://0.0.0.0:9000'\nbind \"unix:///tmp/puma.sock\"\nport 3001, '127.0.0.1'\n", []string{"bind *:9000@1:7", "bind 127.0.0.1:3001@3:6"}},
		{"unknown", "persistent_timeout ENV[\"PT\"]\nbind \"tcp://#{host}:80\"\n", []string{
			"diag 1:20 persistent_timeout comes from the environment variable PT, with no default written; tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown",
			"diag 2:7 bind comes from a formatted string; tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := show(Puma([]byte(tc.src), file))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	src := "keepalive = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + "\ntimeout = 3\n"
	got := show(Gunicorn([]byte(src), file))
	if len(got) != 2 || got[0] != `timeout=3s@2:11 raw="3"` || !strings.Contains(got[1], "nested too deeply") {
		t.Errorf("got %q", got)
	}
}
