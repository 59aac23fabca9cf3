// Package qdpxtest checks REFI-QDA projects in tests: it validates a
// project.qde against the published Project.xsd with xmllint.
package qdpxtest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RequireEnv, when set to 1 (CI sets it), makes the schema check fail
// rather than skip when xmllint is missing.
const RequireEnv = "PEERDIARY_REQUIRE_XMLLINT"

// Schema is the path of the published Project.xsd kept in the repository.
func Schema() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "Project.xsd")
}

// ValidateQDE checks a project.qde against the schema, skipping (or, with
// PEERDIARY_REQUIRE_XMLLINT=1, failing) when xmllint is not installed.
func ValidateQDE(t testing.TB, qde []byte) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("xmllint is not installed (Debian: libxml2-utils) and %s=1", RequireEnv)
		}
		t.Skip("xmllint is not installed (Debian: libxml2-utils); the schema check is skipped")
	}
	path := filepath.Join(t.TempDir(), "project.qde")
	if err := os.WriteFile(path, qde, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", Schema(), path).CombinedOutput()
	if err != nil {
		t.Fatalf("project.qde does not validate against Project.xsd: %v\n%s", err, out)
	}
}

// ValidateQDPX opens a .qdpx, checks every internal source it names is in
// sources/, and validates its project.qde.
func ValidateQDPX(t testing.TB, qdpx []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(qdpx), int64(len(qdpx)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	qde, ok := files["project.qde"]
	if !ok {
		t.Fatal("no project.qde in the .qdpx")
	}
	ValidateQDE(t, qde)
	return files
}
