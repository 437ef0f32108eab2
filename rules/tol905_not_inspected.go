package rules

import "github.com/tolint/tolint/graph"

var notInspected = &Rule{
	ID:       "TOL905",
	Name:     "not-inspected",
	Severity: Info,
	Summary:  "an include or reference that is missing or outside the scanned root was not read",
	Explanation: `A configuration includes a file that is not in the scanned tree (nginx "include
/etc/nginx/mime.types" in a repository that does not carry mime.types), or one outside the scanned
root, which tolint never reads. The hop is linted without it. This is information, not an error:
settings in the missing file are unknown, so a finding that depends on them may be missing.

tolint tries an absolute include by its trailing path components next to the main file
(/etc/nginx/conf.d/*.conf is looked for as conf.d/*.conf), since repositories usually hold what is
deployed under /etc/nginx.

Fix: nothing, if the file holds no timeouts; otherwise scan a root that contains it.`,
	Bad: []ExampleFile{
		{Name: "nginx.conf", Text: `events {}
http {
    include /etc/nginx/mime.types;
    server {
        listen 80;
    }
}
`},
	},
	Good: []ExampleFile{
		{Name: "nginx.conf", Text: `events {}
http {
    include mime.types;
    server {
        listen 80;
    }
}
`},
		{Name: "mime.types", Text: `types {
    text/html html;
}
`},
	},
	check: func(p *pass) { reportDiags(p, graph.NotInspected) },
}
