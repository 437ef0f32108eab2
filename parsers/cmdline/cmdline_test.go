package cmdline

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

const testFile = "cmd.txt"

// split splits a one-line text with positions in testFile.
func split(t *testing.T, text string, env Env) []Word {
	t.Helper()
	src := yamlsrc.New(testFile, []byte(text))
	words, err := Split(text, src.NewlinePos, env)
	if err != nil {
		t.Fatalf("Split(%q): %v", text, err)
	}
	return words
}

// describe prints words as text@line:col, with the position of every byte checked.
func describe(words []Word) []string {
	var out []string
	for _, w := range words {
		s := w.Text + "@" + fmt.Sprintf("%d:%d", w.At(0).Line, w.At(0).Col)
		if w.Op {
			s = "op:" + s
		}
		out = append(out, s)
	}
	return out
}

func TestSplit(t *testing.T) {
	env := Env{"KA": {Name: "KA", Value: Literal("75", graph.Pos{File: "Dockerfile", Line: 2, Col: 8, Offset: 20}, true), From: "ENV"}}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"gunicorn -b 0.0.0.0:8000 app:app", []string{"gunicorn@1:1", "-b@1:10", "0.0.0.0:8000@1:13", "app:app@1:26"}},
		{`a 'b c' "d $KA" e\ f`, []string{"a@1:1", "b c@1:4", "d 75@1:10", "e f@1:17"}},
		{"a \\\n  b", []string{"a@1:1", "b@2:3"}},
		{"x # comment\ny", []string{"x@1:1", "y@2:1"}},
		{"a && b; c | d", []string{"a@1:1", "op:&&@1:3", "b@1:6", "op:;@1:7", "c@1:9", "op:|@1:11", "d@1:13"}},
		{"--keep-alive=$KA", []string{"--keep-alive=75@1:1"}},
		{"${KA}", []string{"75@2:8"}},
		{"${NOPE:-30}", []string{"30@1:9"}},
		{"'$KA' \\$KA $ x", []string{"$KA@1:2", "$KA@1:8", "$@1:12", "x@1:14"}},
	} {
		got := describe(split(t, tc.text, env))
		if !slices.Equal(got, tc.want) {
			t.Errorf("Split(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestSplitErrors(t *testing.T) {
	for text, want := range map[string]string{
		`a "b`:      "cmd.txt:1:3: unterminated double quote",
		"a 'b":      "cmd.txt:1:3: unterminated single quote",
		"${X":       "cmd.txt:1:1: unterminated ${",
		"${X:?bad}": "cmd.txt:1:1: ${X:?bad}: only ${NAME}, ${NAME:-default} and ${NAME-default} are read",
		"${}":       "cmd.txt:1:1: bad substitution ${}",
	} {
		src := yamlsrc.New(testFile, []byte(text))
		_, err := Split(text, src.NewlinePos, Env{})
		if err == nil || err.Error() != want {
			t.Errorf("Split(%q) error = %v, want %s", text, err, want)
		}
	}
}

func TestExecForm(t *testing.T) {
	text := `["gunicorn", "--keep-alive", "7\u0035", "a\"b"]`
	src := yamlsrc.New(testFile, []byte(text))
	words, ok := ExecForm(text, src.NewlinePos)
	if got := describe(words); !ok || !slices.Equal(got, []string{"gunicorn@1:3", "--keep-alive@1:15", "75@1:31", `a"b@1:42`}) {
		t.Errorf("ExecForm = %q, %v", got, ok)
	}
	for _, bad := range []string{`["a",]`, `["a" "b"]`, `[1]`, `["a"] x`, `gunicorn`, `["\x"]`} {
		if _, ok := ExecForm(bad, src.NewlinePos); ok {
			t.Errorf("ExecForm(%q) accepted", bad)
		}
	}
}

// serverOf finds the server on a shell command line and prints its listener.
func serverOf(t *testing.T, text string, env Env) []string {
	t.Helper()
	s := Find(split(t, text, env), env)
	if s == nil {
		return nil
	}
	h := &graph.Hop{}
	l := &graph.Listener{Hop: h, Pos: s.Pos}
	s.Listen(h, l, true)
	out := []string{h.Software}
	if l.Idle.Known() {
		out = append(out, fmt.Sprintf("idle=%s@%d:%d %s", l.Idle.Value, l.Idle.Pos.Line, l.Idle.Pos.Col, l.Idle.Origin))
		if l.Idle.Note != "" {
			out = append(out, "note: "+l.Idle.Note)
		}
	}
	for _, a := range l.Addrs {
		out = append(out, "addr "+a.HostPort())
	}
	for _, set := range []graph.DurationSetting{s.Timeout, s.Graceful} {
		if set.Known() {
			out = append(out, set.Key+"="+set.Value.String())
		}
	}
	for _, d := range s.Diags {
		out = append(out, "diag "+d.Pos.String()+" "+d.Message)
	}
	return out
}

func TestFind(t *testing.T) {
	dockerEnv := Env{
		"KEEPALIVE": {Name: "KEEPALIVE", Value: Literal("75", graph.Pos{File: "Dockerfile", Line: 3, Col: 15, Offset: 40}, true), From: "ENV", Pos: graph.Pos{File: "Dockerfile", Line: 3, Col: 5}},
		"GUNICORN_CMD_ARGS": {Name: "GUNICORN_CMD_ARGS", Value: Literal("--timeout 90 -k gevent", graph.Pos{File: "Dockerfile", Line: 4, Col: 23, Offset: 70}, true),
			From: "ENV", Pos: graph.Pos{File: "Dockerfile", Line: 4, Col: 5}},
	}
	for _, tc := range []struct {
		name, text string
		env        Env
		want       []string
	}{
		{"sync worker by default: closes after each response", "gunicorn --keep-alive 75 app:app", nil, []string{"gunicorn",
			"idle=0s@1:1 default",
			"note: gunicorn's default sync worker closes each connection after its response, so no connection is kept idle (https://docs.gunicorn.org/en/stable/settings.html#keepalive); --keep-alive 75s at cmd.txt:1:23 has no effect with it",
			"addr 127.0.0.1:8000"}},
		{"explicit sync worker", "gunicorn -k sync app:app", nil, []string{"gunicorn", "idle=0s@1:13 explicit",
			"note: the sync worker closes each connection after its response, so no connection is kept idle", "addr 127.0.0.1:8000"}},
		{"gthread keeps alive", "gunicorn -k gthread --keep-alive=75 -b 0.0.0.0:8000 -b [::1]:9000 app:app", nil, []string{"gunicorn",
			"idle=75s@1:34 explicit", "addr *:8000", "addr [::1]:9000"}},
		{"threads > 1 switch sync to gthread", "gunicorn --threads 4 --keep-alive 10 app", nil, []string{"gunicorn", "idle=10s@1:35 explicit", "addr 127.0.0.1:8000"}},
		{"worker class left at the default keep-alive", "gunicorn -kgevent app", nil, []string{"gunicorn", "idle=2s@1:1 default", "note: gunicorn keepalive default 2s: applies to gthread and async workers; the default sync worker closes after each response (https://docs.gunicorn.org/en/stable/settings.html#keepalive)", "addr 127.0.0.1:8000"}},
		{"keep-alive from ENV, inherited with provenance", "exec gunicorn -k gthread --keep-alive $KEEPALIVE app", dockerEnv, []string{"gunicorn",
			"idle=75s@3:15 inherited",
			"note: $KEEPALIVE in --keep-alive at cmd.txt:1:39, set by ENV KEEPALIVE at Dockerfile:3:5",
			"addr 127.0.0.1:8000", "GUNICORN_CMD_ARGS --timeout=90s"}},
		{"reference default", "gunicorn -k gthread --keep-alive ${KA:-30} app", Env{}, []string{"gunicorn",
			"idle=30s@1:40 explicit", "note: the default of ${KA} in --keep-alive; setting KA overrides it", "addr 127.0.0.1:8000"}},
		{"unset variable: unknown, and no default applies", "gunicorn -k gthread --keep-alive $KA app", Env{}, []string{"gunicorn", "addr 127.0.0.1:8000",
			"diag cmd.txt:1:34 --keep-alive: KA is not set where this command is defined (the runtime, a ConfigMap or a Secret may set it), so the value is unknown"}},
		{"GUNICORN_CMD_ARGS under the command line", "gunicorn -k gthread app", dockerEnv, []string{"gunicorn", "idle=2s@1:1 default", "note: gunicorn keepalive default 2s: applies to gthread and async workers; the default sync worker closes after each response (https://docs.gunicorn.org/en/stable/settings.html#keepalive)", "addr 127.0.0.1:8000", "GUNICORN_CMD_ARGS --timeout=90s"}},
		{"PORT sets the default bind", "PORT=5000 gunicorn -k gthread app", Env{}, []string{"gunicorn", "idle=2s@1:11 default", "note: gunicorn keepalive default 2s: applies to gthread and async workers; the default sync worker closes after each response (https://docs.gunicorn.org/en/stable/settings.html#keepalive)", "addr *:5000"}},
		{"python -m and wrappers", "cd /app && poetry run python -m uvicorn main:app --host 0.0.0.0 --port 9000 --timeout-keep-alive 65", nil, []string{"uvicorn",
			"idle=65s@1:98 explicit", "addr *:9000"}},
		{"uvicorn defaults", "uvicorn main:app", nil, []string{"uvicorn", "idle=5s@1:1 default", "note: uvicorn timeout_keep_alive default 5s (https://www.uvicorn.org/settings/#timeouts)", "addr 127.0.0.1:8000"}},
		{"hypercorn", "hypercorn --keep-alive 20 -b 0.0.0.0:8080 main:app", nil, []string{"hypercorn", "idle=20s@1:24 explicit", "addr *:8080"}},
		{"sh -c script", `sh -c "gunicorn -k gthread --keep-alive $KEEPALIVE app"`, dockerEnv, []string{"gunicorn", "idle=75s@3:15 inherited",
			"note: $KEEPALIVE in --keep-alive at cmd.txt:1:41, set by ENV KEEPALIVE at Dockerfile:3:5", "addr 127.0.0.1:8000", "GUNICORN_CMD_ARGS --timeout=90s"}},
		{"bad values", "gunicorn --keep-alive 2m --timeout x --threads 0 -b 1.2.3.4:99999 --graceful-timeout", nil, []string{"gunicorn",
			"idle=0s@1:1 default",
			"note: gunicorn's default sync worker closes each connection after its response, so no connection is kept idle (https://docs.gunicorn.org/en/stable/settings.html#keepalive)",
			"diag cmd.txt:1:23 --keep-alive: \"2m\" is not a whole number of seconds",
			"diag cmd.txt:1:36 --timeout: \"x\" is not a whole number of seconds",
			"diag cmd.txt:1:48 --threads: \"0\" is not a positive whole number",
			"diag cmd.txt:1:53 -b: address \"1.2.3.4:99999\": bad port \"99999\"",
			"diag cmd.txt:1:67 --graceful-timeout needs a value"}},
		{"an address from the runtime is unknown without a finding", "gunicorn -k gthread -b 0.0.0.0:$PORT app", Env{}, []string{"gunicorn",
			"idle=2s@1:1 default", "note: gunicorn keepalive default 2s: applies to gthread and async workers; the default sync worker closes after each response (https://docs.gunicorn.org/en/stable/settings.html#keepalive)"}},
		{"no expansion without a shell; a value set but unreadable takes no default", "uvicorn m:app --timeout-keep-alive $KA", nil, []string{"uvicorn", "addr 127.0.0.1:8000",
			"diag cmd.txt:1:36 --timeout-keep-alive: \"$KA\" is not a whole number of seconds (no shell runs an exec-form command, so its variables are not expanded)"}},
		{"no app server", "python manage.py runserver", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := serverOf(t, tc.text, tc.env)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestCommand(t *testing.T) {
	pos := graph.Pos{File: "Dockerfile", Line: 9, Col: 1}
	ep := Form{Words: []Word{Literal("docker-entrypoint.sh", pos, false)}}
	shell := Literal("gunicorn -k gthread --keep-alive $KA app", pos, false)
	env := Env{"KA": {Name: "KA", Value: Literal("9", pos, false), From: "ENV"}}
	words, err := Command(ep, Form{Shell: &shell, Pos: pos}, env)
	if err != nil || len(words) != 4 || words[1].Text != "/bin/sh" {
		t.Fatalf("Command = %q, %v", describe(words), err)
	}
	s := Find(words, env)
	if s == nil || s.Keepalive.Value.String() != "9s" {
		t.Errorf("Find through an exec entrypoint and shell CMD = %+v", s)
	}
}

func TestExpandParens(t *testing.T) {
	env := Env{"KA": {Name: "KA", Value: Literal("75", graph.Pos{File: "k.yaml", Line: 5, Col: 20}, true), From: "env"}}
	w := ExpandParens(Literal("--keep-alive=$(KA)$$(KA)$(NOPE)", graph.Pos{File: "k.yaml", Line: 9, Col: 10}, true), env)
	if w.Text != "--keep-alive=75$(KA)$(NOPE)" || w.At(13) != (graph.Pos{File: "k.yaml", Line: 5, Col: 20}) || len(w.Uses) != 2 || w.Uses[1].Var != nil {
		t.Errorf("ExpandParens = %q at %v uses %v", w.Text, w.At(13), w.Uses)
	}
}

// FuzzFind splits any text as shell and exec form and looks for a server in it: no panic,
// and every word's bytes are placed inside the text.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"gunicorn -k gthread --keep-alive $KA -b 0.0.0.0:8000 app", `sh -c "uvicorn --port ${P:-1} --timeout-keep-alive 'x'"`,
		`["hypercorn", "--keep-alive", "5\n"]`, "a\\\n b # c\n$", "${", "'", `"\`, "GUNICORN_CMD_ARGS='-t 1' gunicorn --threads=2"} {
		f.Add(s)
	}
	env := Env{"KA": {Name: "KA", Value: Literal("75", graph.Pos{File: "env", Line: 1, Col: 1}, true), From: "ENV"}}
	f.Fuzz(func(t *testing.T, text string) {
		src := yamlsrc.New(testFile, []byte(text))
		words, err := Split(text, src.NewlinePos, env)
		if err == nil {
			if s := Find(words, env); s != nil {
				h := &graph.Hop{}
				s.Listen(h, &graph.Listener{Hop: h, Pos: s.Pos}, true)
			}
		}
		execWords, _ := ExecForm(text, src.NewlinePos)
		for _, w := range append(words, execWords...) {
			for i := range len(w.Text) {
				p := w.At(i)
				if p.File == testFile && (p.Offset < 0 || p.Offset >= max(len(text), 1) || p.Line < 1) {
					t.Fatalf("word %q byte %d at %v, outside the %d bytes", w.Text, i, p, len(text))
				}
			}
		}
	})
}

func BenchmarkSplitFind(b *testing.B) {
	text := strings.Repeat("cd /srv && ", 50) + `exec gunicorn --worker-class gthread --threads 8 --bind "0.0.0.0:${PORT:-8000}" --keep-alive $KA --timeout 120 app:app`
	src := yamlsrc.New(testFile, []byte(text))
	env := Env{"KA": {Name: "KA", Value: Literal("75", graph.Pos{File: "env", Line: 1, Col: 1}, true), From: "ENV"}}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		words, err := Split(text, src.NewlinePos, env)
		if err != nil || Find(words, env) == nil {
			b.Fatal(err)
		}
	}
}

func TestInterpolate(t *testing.T) {
	env := Env{"KA": {Name: "KA", Value: Literal("80", graph.Pos{File: ".env", Line: 1, Col: 4, Offset: 3}, true), From: ".env"}}
	w := Literal("--keep-alive=${KA:-75} --timeout=${T:-9} '$$HOME'", graph.Pos{File: "c.yml", Line: 3, Col: 14, Offset: 40}, true)
	iw, err := Interpolate(w, env)
	if err != nil || iw.Text != "--keep-alive=80 --timeout=9 '$HOME'" {
		t.Fatalf("Interpolate = %q, %v", iw.Text, err)
	}
	words, err := SplitWord(iw, nil)
	if err != nil || len(words) != 3 {
		t.Fatalf("SplitWord = %q, %v", describe(words), err)
	}
	if ka := words[0].Slice(13); ka.At(0) != env["KA"].Value.Pos || len(ka.Uses) != 1 || ka.Uses[0].Var == nil {
		t.Errorf("--keep-alive value at %v with uses %+v", ka.At(0), ka.Uses)
	}
	if to := words[1]; to.At(10).Col != 14+38 || len(to.Uses) != 1 || !to.Uses[0].Default {
		t.Errorf("--timeout value at %v with uses %+v", to.At(10), to.Uses)
	}
	if words[2].Text != "$HOME" {
		t.Errorf("$$ = %q", words[2].Text)
	}
	if _, err := Interpolate(Literal("${", graph.Pos{}, false), env); err == nil {
		t.Error("unterminated ${ accepted")
	}
}
