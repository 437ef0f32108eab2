package spring

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the project's corpus of real configuration files, when present.
const sharedCorpus = "../../../shared/corpus"

// springFiles are the copied corpus files and the shared corpus when it is there.
func springFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := parsertest.ReadCorpus(t, []string{".tsv"}, filepath.Join("testdata", "corpus"), filepath.Join(sharedCorpus, "spring"))
	if len(files) == 0 {
		t.Fatal("no Spring files found")
	}
	return files
}

// TestCorpusParses reads every real file under several profiles: all of them are valid
// Spring configuration, so none may yield a diagnostic.
func TestCorpusParses(t *testing.T) {
	for name, data := range springFiles(t) {
		rel := parsertest.RealName(name)
		for _, profile := range []string{"", "prod", "dev", "docker", "mysql", "api-docs"} {
			f := parse(data, rel, rel, input.Options{Profile: profile})
			for _, err := range parsertest.LinePositionErrors(string(data), rel, f) {
				t.Errorf("%s (profile %q): %v", name, profile, err)
			}
			if len(f.Hops) != 1 || len(f.Hops[0].Listeners) != 1 {
				t.Errorf("%s: %d hops", name, len(f.Hops))
			}
			for _, d := range parsertest.DiagLines(f) {
				t.Errorf("%s (profile %q): %s", name, profile, d)
			}
		}
	}
}

// TestCopiedCorpus pins what the copied real configurations produce.
func TestCopiedCorpus(t *testing.T) {
	tests := []struct {
		file, profile string
		summary       string
	}{
		{"alibaba__nacos__distribution__conf__application.properties", "",
			"server tomcat *:8080 idle=60s default request=60s default"},
		{"jhipster__jhipster-sample-app__src__main__resources__config__application-prod.yml", "",
			"server tomcat *:8080 idle=60s default request=60s default; hikari idle=1800s default targets=localhost:5432"},
		{"macrozheng__mall__mall-portal__src__main__resources__application-prod.yml", "",
			"server tomcat *:8085 idle=60s default request=60s default; hikari idle=1800s default targets=db:3306"},
		{"spring-cloud__spring-cloud-gateway__spring-cloud-gateway-sample__src__main__resources__application.yml", "",
			"proxy reactor-netty *:8080 idle=none default request=unset; gateway httpclient idle=none default targets=localhost:9000,httpbin"},
		{"spring-cloud__spring-cloud-gateway__spring-cloud-gateway-server-webflux__src__test__resources__application-netty-routing-filter.yml", "",
			"proxy reactor-netty *:8080 idle=none default request=unset; gateway httpclient idle=none default targets=localhost:32167,testservice"},
		{"spring-petclinic__spring-petclinic-microservices__spring-petclinic-api-gateway__src__main__resources__application.yml", "",
			"proxy reactor-netty *:8080 idle=none default request=unset; gateway httpclient idle=none default targets=vets-service,visits-service,customers-service,genai-service"},
		{"spring-projects__spring-petclinic__src__main__resources__application-mysql.properties", "",
			"server tomcat *:8080 idle=60s default request=60s default; hikari idle=1800s default targets=localhost:3306"},
		{"sqshq__piggymetrics__registry__src__main__resources__bootstrap.yml", "",
			"server tomcat *:8080 idle=60s default request=60s default"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "corpus", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rel := parsertest.RealName(tt.file)
			f := parse(data, rel, rel, input.Options{Profile: tt.profile})
			if got := summary(f); got != tt.summary {
				t.Errorf("got  %s\nwant %s", got, tt.summary)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"application.yml", "server:\n  port: 8080\n", true},
		{"src/main/resources/application.yaml", "spring: {}\n", true},
		{"application.properties", "server.port=1\n", true},
		{"config/application-prod.yml", "server:\n", true},
		{"bootstrap.yml", "spring:\n", true},
		{"bootstrap-dev.properties", "x=1\n", true},
		{"k8s\\application.yml", "apiVersion: v1\nkind: ConfigMap\n", false},
		{"application.yml", "apiVersion: apps/v1\nkind: Deployment\n", false},
		{"application-.yml", "server:\n", false},
		{"applications.yml", "server:\n", false},
		{"application.json", "{}", false},
		{"myapplication.yml", "server:\n", false},
		{"nginx.conf", "http {}\n", false},
		{"bootstrap-xds.yaml", "node:\n  id: envoy\ndynamic_resources:\n  ads_config: {}\n", false},
		{"envoy/bootstrap.yaml", "admin:\n  address: {}\nstatic_resources:\n  listeners: []\n", false},
		// Other names: Spring Cloud Config (named after the application) and spring.config.name.
		{"api-gateway.yml", "spring:\n  cloud: {}\n", true},
		{"config/billing.properties", "# billing\nspring.datasource.url=jdbc:x\n", true},
		{"tb-http-transport.yml", "spring.main.lazy: true\n", true},
		{"src/main/resources/shared/gateway.yml", "hystrix:\n  x: 1\nzuul:\n  routes: {}\n", true},
		{"app/src/main/resources/thingsboard.yml", "# licence\nserver:\n  port: 8080\n", true},
		{"gateway.yml", "server:\n  port: 8080\n", false},
		{"src/main/resources/api.yaml", "openapi: 3.0.0\ninfo:\n  title: x\n", false},
		{"src/main/resources/messages.properties", "greeting=hello\n", false},
		{"values.yaml", "app:\n  spring:\n    profiles: prod\n", false},
		{"notes.yml", "# spring: is not read here\nkey: 1\n", false},
		{"deploy/config.yaml", "apiVersion: v1\nkind: ConfigMap\nspring: {}\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	for name, data := range springFiles(t) {
		if !Sniff("src/main/resources/"+parsertest.RealName(name), data) {
			t.Errorf("%s: not taken for Spring", name)
		}
	}
	for name, data := range parsertest.ReadDir(t, filepath.Join(sharedCorpus, "kubernetes"), ".tsv") {
		if Sniff("application.yml", data) && strings.Contains(string(data), "\nkind:") {
			t.Errorf("kubernetes/%s: taken for Spring when named application.yml", name)
		}
	}
}
