package appserver

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// parseFiles runs ParseFiles over files handed to a tree (nothing is read from disk).
func parseFiles(t testing.TB, files map[string]string) []*graph.Fragment {
	t.Helper()
	dir := t.TempDir()
	tree, err := input.NewTree(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	return ParseFiles(tree, hand(tree, files), input.Options{})
}

// hand gives the tree the files' contents and returns those this package reads, sorted.
func hand(tree *input.Tree, files map[string]string) []string {
	var rels []string
	for rel, data := range files {
		tree.Hand(rel, []byte(data))
		if Sniff(rel, []byte(data)) {
			rels = append(rels, rel)
		}
	}
	sort.Strings(rels)
	return rels
}

// summary prints hops and diagnostics in a stable form.
func summary(frags []*graph.Fragment) []string {
	var out []string
	for _, f := range frags {
		for _, h := range f.Hops {
			s := fmt.Sprintf("hop %s %s files=%s", h.ID, h.Software, strings.Join(h.Files, ","))
			if len(h.Hosts) > 0 {
				s += " hosts=" + strings.Join(h.Hosts, ",")
			}
			out = append(out, s)
			for _, l := range h.Listeners {
				var addrs []string
				for _, a := range l.Addrs {
					addrs = append(addrs, a.HostPort())
				}
				out = append(out, fmt.Sprintf("  %s@%d:%d [%s] idle=%s@%s %s", l.Name, l.Pos.Line, l.Pos.Col, strings.Join(addrs, " "),
					l.Idle.Value, l.Idle.Pos, l.Idle.Origin))
			}
		}
		out = append(out, parsertest.DiagLines(f)...)
	}
	return out
}

const stagedDockerfile = `FROM python:3.12 AS base
ENV KEEPALIVE=5
FROM base
CMD gunicorn -k gthread --keep-alive $KEEPALIVE -b 0.0.0.0:8000 app:app
`

func TestParseFiles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"Dockerfile alone", map[string]string{"api/Dockerfile": stagedDockerfile}, []string{
			"hop api/Dockerfile gunicorn files=api/Dockerfile",
			"  gunicorn@4:5 [*:8000] idle=5s@api/Dockerfile:2:15 inherited"}},
		{"compose builds the Dockerfile, its environment overrides ENV, service names and published ports", map[string]string{
			"api/Dockerfile": stagedDockerfile,
			"docker-compose.yml": `services:
  api:
    build: {context: ./api}
    container_name: shop-api
    environment:
      - KEEPALIVE=75
    ports: ["8080:8000", "127.0.0.1:9090:8000/tcp", "7000", "6000-6001:6000-6001", {target: 8000, published: "8443"}]
  db:
    image: postgres:16
`}, []string{
			"hop docker-compose.yml#api gunicorn files=docker-compose.yml,api/Dockerfile hosts=api,shop-api",
			"  gunicorn@4:5 [*:8000 *:8080 127.0.0.1:9090 *:8443] idle=75s@docker-compose.yml:6:19 inherited"}},
		{"compose command replaces the image's CMD", map[string]string{
			"Dockerfile": stagedDockerfile,
			"compose.yaml": `services:
  web:
    build: .
    command: uvicorn main:app --host 0.0.0.0 --port 9000 --timeout-keep-alive 65
`}, []string{
			"hop compose.yaml#web uvicorn files=compose.yaml,Dockerfile hosts=web",
			"  uvicorn@4:14 [*:9000] idle=65s@compose.yaml:4:79 explicit"}},
		{"compose substitutes $NAME from .env, or the reference's default", map[string]string{
			".env": "# project settings\nexport KEEPALIVE=\"80\"\n",
			"docker-compose.yml": `services:
  api:
    image: shop/api
    command: gunicorn -k gthread --keep-alive ${KEEPALIVE:-75} -b 0.0.0.0:${PORT:-8000} app
  worker:
    image: shop/api
    entrypoint: ["uvicorn", "m:app", "--timeout-keep-alive", "${UKA:-30}", "--port", "$$PORT"]
`}, []string{
			"hop docker-compose.yml#api gunicorn files=docker-compose.yml hosts=api",
			"  gunicorn@4:14 [*:8000] idle=80s@.env:2:19 inherited",
			"hop docker-compose.yml#worker uvicorn files=docker-compose.yml hosts=worker",
			"  uvicorn@7:19 [] idle=30s@docker-compose.yml:7:70 explicit",
			"docker-compose.yml:7:87: --port: \"$PORT\" is not a port number"}},
		{"EXPOSE gives the port when the bind comes from the runtime", map[string]string{
			"Dockerfile": "FROM python\nEXPOSE 8000\nCMD gunicorn -k gthread -b 0.0.0.0:$PORT app:app\n"}, []string{
			"hop Dockerfile gunicorn files=Dockerfile",
			"  gunicorn@3:5 [*:8000] idle=2s@Dockerfile:3:5 default"}},
		{"gunicorn.conf.py next to the Dockerfile is read, and makes no hop of its own", map[string]string{
			"app/Dockerfile":       "FROM python\nCMD [\"gunicorn\", \"app:app\"]\n",
			"app/gunicorn.conf.py": "bind = '0.0.0.0:8000'\nworker_class = 'gevent'\nkeepalive = int(os.environ.get('KA', '70'))\n",
		}, []string{
			"hop app/Dockerfile gunicorn files=app/Dockerfile,app/gunicorn.conf.py",
			"  gunicorn@2:6 [*:8000] idle=70s@app/gunicorn.conf.py:3:39 explicit"}},
		{"the command line wins over the config file", map[string]string{
			"Procfile":         "web: gunicorn -c conf/gunicorn.py --keep-alive 100 app:app\nworker: celery -A app worker\n",
			"conf/gunicorn.py": "keepalive = 75\nworker_class = \"gthread\"\n",
		}, []string{
			"hop Procfile#web gunicorn files=Procfile,conf/gunicorn.py",
			"  gunicorn@1:6 [127.0.0.1:8000] idle=100s@Procfile:1:48 explicit"}},
		{"a config file no command reads is a hop", map[string]string{"gunicorn.conf.py": "bind = ['0.0.0.0:8000']\nkeepalive = 75\n"}, []string{
			"hop gunicorn.conf.py gunicorn files=gunicorn.conf.py",
			"  gunicorn@1:1 [*:8000] idle=0s@gunicorn.conf.py:1:1 default"}},
		{"puma.rb", map[string]string{"config/puma.rb": "port ENV.fetch(\"PORT\") { 3000 }\npersistent_timeout ENV.fetch(\"PT\", 75).to_i\n"}, []string{
			"hop config/puma.rb puma files=config/puma.rb",
			"  puma@1:1 [*:3000] idle=75s@config/puma.rb:2:36 explicit"}},
		{"puma.rb defaults", map[string]string{"puma.rb": "workers 2\n"}, []string{
			"hop puma.rb puma files=puma.rb",
			"  puma@1:1 [*:9292] idle=65s@puma.rb:1:1 default"}},
		{"-c names a file outside the scan", map[string]string{"Dockerfile": "FROM x\nCMD [\"gunicorn\", \"-c\", \"python:conf\", \"--config\", \"/etc/missing.py\", \"app\"]\n"}, []string{
			"hop Dockerfile gunicorn files=Dockerfile",
			"  gunicorn@2:6 [127.0.0.1:8000] idle=0s@Dockerfile:2:6 default",
			"Dockerfile:2:52: gunicorn config /etc/missing.py is not in the scanned tree, so its settings are not read"}},
		{"errors", map[string]string{
			"Dockerfile":         "ENV A=1\nFROM x\nCMD gunicorn --keep-alive \"5\n",
			"docker-compose.yml": "services:\n  a:\n    command: \"gunicorn 'x\"\n    ports: [\"http:80\"]\n    environment: 3\n",
			"Procfile":           "just words\n",
		}, []string{
			"Dockerfile:1:1: ENV before the first FROM",
			"Dockerfile:3:27: unterminated double quote",
			"Procfile:1:1: a Procfile line is \"name: command\"",
			"docker-compose.yml:3:24: command: unterminated single quote",
			"docker-compose.yml:4:13: ports: \"http\" is not a port number",
			"docker-compose.yml:5:18: environment: expected a mapping or a list of NAME=value"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			frags := parseFiles(t, tc.files)
			for _, f := range frags {
				for _, err := range parsertest.MissingPositions(f) {
					t.Error(err)
				}
			}
			got := summary(frags)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		rel, head string
		want      bool
	}{
		{"Dockerfile", "", true}, {"api/Dockerfile.prod", "", true}, {"build/web.dockerfile", "", true},
		{"docker-compose.yml", "", true}, {"docker-compose.override.yaml", "", true}, {"compose.yaml", "", true},
		{"Procfile", "", true}, {"Procfile.dev", "", true}, {"gunicorn.conf.py", "", true}, {"deploy/gunicorn_config.py", "", true},
		{"config/puma.rb", "", true}, {"config/puma/production.rb", "", true},
		{"app.py", "", false}, {"k8s/deployment.yaml", "", false}, {"config.rb", "", false}, {"dockerfiles.txt", "", false},
		{"<stdin>", "# syntax=docker/dockerfile:1\nFROM python:3.12\n", true},
		{"<stdin>", "services:\n  web:\n    image: x\n", true},
		{"<stdin>", "apiVersion: v1\nkind: Service\nservices: x\n", false},
		{"<stdin>", "web: gunicorn app:app\n", false},
	} {
		if got := Sniff(tc.rel, []byte(tc.head)); got != tc.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tc.rel, tc.head, got, tc.want)
		}
	}
}

func TestStdin(t *testing.T) {
	got := summary(parseFiles(t, map[string]string{stdinName: "FROM python\nCMD uvicorn main:app --timeout-keep-alive 30\n"}))
	want := []string{"hop <stdin> uvicorn files=<stdin>", "  uvicorn@2:5 [127.0.0.1:8000] idle=30s@<stdin>:2:43 explicit"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// fuzzFormat checks that any content under one of this package's names gives diagnostics,
// never a panic, and that every position lies inside the file.
func fuzzFormat(f *testing.F, name string, seeds ...string) {
	check := parsertest.LinePositionErrorsIn
	if kindOf(name, nil) == composeKind {
		check = parsertest.YAMLPositionErrors // YAML counts CR, NEL, LS and PS as line breaks too
	}
	for _, s := range seeds {
		f.Add(s)
	}
	dir := f.TempDir()
	tree, err := input.NewTree(dir, dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data string) {
		frags := ParseFiles(tree, hand(tree, map[string]string{name: data}), input.Options{})
		for _, frag := range frags {
			for _, err := range check(map[string]string{name: data}, frag) {
				t.Error(err)
			}
		}
	})
}

func FuzzDockerfile(f *testing.F) {
	fuzzFormat(f, "Dockerfile", stagedDockerfile, "FROM a AS b\nFROM b\nENTRYPOINT [\"sh\", \"-c\", \"gunicorn --keep-alive ${KA:-3}\"]\n",
		"FROM x\nENV A B C\nARG D=1\nENV E=$D F=\"g h\"\nCMD [\"\\u0041\"]\n", "FROM x\nCMD gunicorn \\\n # c\n  -k gthread \\\n", "CMD x", "FROM x\nENV =", "FROM x\nCMD '")
}

func FuzzCompose(f *testing.F) {
	fuzzFormat(f, "docker-compose.yml", "services:\n  a:\n    command: [gunicorn, --keep-alive, \"9\"]\n    environment: {A: b}\n    ports: [\"1:2\", {published: 3}]\n",
		"services:\n  a: &x\n    command: gunicorn -b :1 'x'\n  b: *x\n", "services: [", "x: {")
}

func FuzzProcfile(f *testing.F) {
	fuzzFormat(f, "Procfile", "web: gunicorn --keep-alive $PORT app\nworker: x\n", "# c\n\nbad\n", "web: sh -c \"uvicorn --port 1\"")
}

func FuzzGunicornConf(f *testing.F) {
	fuzzFormat(f, "gunicorn.conf.py", "import os\nbind = ['0.0.0.0:80', \"[::]:81\"]\nkeepalive = int(os.getenv('K', 5)) * 2 + 1\nworker_class = 'gthread'\nthreads = 2\n",
		"timeout = (((1)))\nkeepalive = f'{x}'\ngraceful_timeout = 1 / 0\nx = \"\"\"a\nb\"\"\"\n", "keepalive = \"")
}

func FuzzPuma(f *testing.F) {
	fuzzFormat(f, "puma.rb", "port ENV.fetch(\"PORT\") { 3000 }, \"::\"\npersistent_timeout (ENV[\"P\"] || 70).to_i\nbind \"tcp://0.0.0.0:9\"\n",
		"first_data_timeout Integer(\"#{x}\")\nworkers :auto\n", "port(")
}

// benchFiles is a scan of n services, each with a Dockerfile and a gunicorn.conf.py.
func benchFiles(n int) map[string]string {
	files := map[string]string{}
	var compose strings.Builder
	compose.WriteString("services:\n")
	for i := range n {
		dir := fmt.Sprintf("svc%d", i)
		files[dir+"/Dockerfile"] = stagedDockerfile + "ENV GUNICORN_CMD_ARGS=\"--timeout 90 --graceful-timeout 30\"\nEXPOSE 8000\n"
		files[dir+"/gunicorn.conf.py"] = "import os\nbind = '0.0.0.0:8000'\nkeepalive = int(os.environ.get('KA', '75'))\ntimeout = 2 * 60\nworker_class = 'gthread'\n"
		fmt.Fprintf(&compose, "  svc%d:\n    build: ./svc%d\n    environment:\n      KEEPALIVE: \"75\"\n    ports: [\"%d:8000\"]\n", i, i, 10000+i)
	}
	files["docker-compose.yml"] = compose.String()
	return files
}

func BenchmarkParseFiles(b *testing.B) {
	files := benchFiles(100)
	size := 0
	for _, data := range files {
		size += len(data)
	}
	dir := b.TempDir()
	tree, err := input.NewTree(dir, dir)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		ParseFiles(tree, hand(tree, files), input.Options{})
	}
}
