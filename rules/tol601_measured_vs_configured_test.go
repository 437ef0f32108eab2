package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
)

// TestMeasuredVsConfigured: a server measured by tolint verify, against what the graph held;
// the measured value also drives the idle rules.
func TestMeasuredVsConfigured(t *testing.T) {
	const url = "http://10.0.0.2/"
	none := graph.DurationSetting{Value: graph.Duration{None: true}, Origin: graph.Explicit, Pos: at("app.conf", 3), Key: "idle"}
	tests := []struct {
		name       string
		configured graph.DurationSetting
		measured   graph.Duration
		want       string // finding ids
		message    string
	}{
		{name: "agrees", configured: dur(30*time.Second, at("app.conf", 3), "keepalive_timeout"), measured: graph.Dur(30020 * time.Millisecond)},
		{name: "within the margin", configured: dur(30*time.Second, at("app.conf", 3), "keepalive_timeout"), measured: graph.Dur(30900 * time.Millisecond)},
		{
			name: "shorter live", configured: dur(30*time.Second, at("app.conf", 3), "keepalive_timeout"), measured: graph.Dur(5 * time.Second),
			want:    "TOL601@app.conf:3:5 TOL101@edge.conf:2:5",
			message: "listener of app.conf keeps idle connections up to 30s (keepalive_timeout 30s at app.conf:3:5), but the live hop measured at " + url + ": closes after 5s; the rules now use the measured value",
		},
		{
			name: "longer live", configured: dur(20*time.Second, at("app.conf", 3), "keepalive_timeout"), measured: graph.Dur(90 * time.Second),
			want: "TOL601@app.conf:3:5",
		},
		{name: "no close seen, none configured", configured: none, measured: graph.Duration{None: true}},
		{
			name: "no close seen, 30s configured", configured: dur(30*time.Second, at("app.conf", 3), "keepalive_timeout"), measured: graph.Duration{None: true},
			want: "TOL601@app.conf:3:5",
		},
		{name: "nothing configured", measured: graph.Dur(5 * time.Second), want: "TOL101@edge.conf:2:5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := &graph.Hop{ID: "app.conf", Kind: graph.Server}
			a, _ := graph.ParseAddress("10.0.0.2:80", 0)
			l := &graph.Listener{Hop: app, Name: "listener", Pos: at("app.conf", 1), Addrs: []graph.Address{a}, Idle: tc.configured}
			app.Listeners = []*graph.Listener{l}
			edge := &graph.Hop{ID: "edge.conf", Kind: graph.Proxy}
			edge.Pools = []*graph.Pool{{Hop: edge, Name: "pool", Pos: at("edge.conf", 1), Targets: []graph.Address{a}, Idle: dur(20*time.Second, at("edge.conf", 2), "keepalive_timeout")}}
			g := graph.Build([]*graph.Fragment{{Hops: []*graph.Hop{app}}, {Hops: []*graph.Hop{edge}}}, nil)
			graph.Measure(&l.Idle, tc.measured, url, at("tolint.yaml", 9))
			l.Idle.Raw = "closes after " + tc.measured.String()
			fs := Run(g, Config{})
			var keep []Finding
			for _, f := range fs {
				if f.Rule.ID == "TOL601" || f.Rule.ID == "TOL101" {
					keep = append(keep, f)
				}
			}
			if got := ids(keep); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for _, f := range keep {
				if f.Rule.ID == "TOL101" && !strings.Contains(f.Message, "measured by tolint verify from "+url) {
					t.Errorf("TOL101 does not say the value was measured: %s", f.Message)
				}
				if f.Rule.ID != "TOL601" {
					continue
				}
				if tc.message != "" && f.Message != tc.message {
					t.Errorf("message\n%s\nwant\n%s", f.Message, tc.message)
				}
				if len(f.Related) != 1 || f.Related[0].Pos != at("tolint.yaml", 9) {
					t.Errorf("related %+v, want the probe line", f.Related)
				}
			}
		})
	}
}
