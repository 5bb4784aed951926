package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func do(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func TestHelloNamesPodAndVersionOnAnyPath(t *testing.T) {
	h := newServer(serverConfig{version: "2.0.0", pod: "demo-abc"}).routes()
	for _, path := range []string{"/", "/b", "/api/x"} {
		rec := do(t, h, "GET", path)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: not JSON: %v", path, err)
		}
		if body["pod"] != "demo-abc" || body["version"] != "2.0.0" || rec.Header().Get("X-Pod") != "demo-abc" {
			t.Fatalf("%s: got %v", path, body)
		}
	}
}

func TestLivenessCanBeMadeToFail(t *testing.T) {
	h := newServer(serverConfig{}).routes()
	if rec := do(t, h, "GET", "/healthz"); rec.Code != 200 {
		t.Fatalf("healthy: %d", rec.Code)
	}
	do(t, h, "POST", "/fail/live")
	if rec := do(t, h, "GET", "/healthz"); rec.Code != 500 {
		t.Fatalf("after /fail/live: %d", rec.Code)
	}
	do(t, h, "POST", "/heal/live")
	if rec := do(t, h, "GET", "/healthz"); rec.Code != 200 {
		t.Fatalf("after /heal/live: %d", rec.Code)
	}
}

func TestReadinessWaitsForWarmUpAndFollowsRequests(t *testing.T) {
	s := newServer(serverConfig{readyAfter: time.Hour})
	h := s.routes()
	if rec := do(t, h, "GET", "/readyz"); rec.Code != 503 {
		t.Fatalf("warming up: %d", rec.Code)
	}
	s.started = time.Now().Add(-2 * time.Hour)
	if rec := do(t, h, "GET", "/readyz"); rec.Code != 200 {
		t.Fatalf("warm: %d", rec.Code)
	}
	do(t, h, "POST", "/fail/ready")
	if rec := do(t, h, "GET", "/readyz"); rec.Code != 503 {
		t.Fatalf("after /fail/ready: %d", rec.Code)
	}
}

func TestChecksumNeverReturnsTheValue(t *testing.T) {
	t.Setenv("DB_PASSWORD", "s3cr3t-value")
	rec := do(t, newServer(serverConfig{}).routes(), "GET", "/checksum?env=DB_PASSWORD")
	sum := sha256.Sum256([]byte("s3cr3t-value"))
	if strings.Contains(rec.Body.String(), "s3cr3t-value") {
		t.Fatal("the value leaked")
	}
	if !strings.Contains(rec.Body.String(), hex.EncodeToString(sum[:])) {
		t.Fatalf("no digest in %s", rec.Body.String())
	}
}

func TestBurnValidatesItsInput(t *testing.T) {
	h := newServer(serverConfig{}).routes()
	if rec := do(t, h, "GET", "/burn?ms=abc"); rec.Code != 400 {
		t.Fatalf("bad ms: %d", rec.Code)
	}
	if rec := do(t, h, "GET", "/burn?ms=5"); rec.Code != 200 {
		t.Fatalf("5 ms: %d", rec.Code)
	}
}

func TestSamplerCountsAnswersAndFailures(t *testing.T) {
	up := httptest.NewServer(newServer(serverConfig{version: "9.9.9", pod: "pod-a"}).routes())
	defer up.Close()
	var out strings.Builder
	if err := runSampler([]string{"--url", up.URL + "/", "--rate", "200", "--count", "20", "--duration", "5s"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 20 {
		t.Fatalf("want 20 lines, got %d", len(lines))
	}
	var first sample
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Status != 200 || first.Pod != "pod-a" || first.Version != "9.9.9" || first.At == 0 {
		t.Fatalf("unexpected sample %+v", first)
	}

	out.Reset()
	if err := runSampler([]string{"--url", "http://127.0.0.1:1/", "--count", "2", "--rate", "100"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"error":"ECONNREFUSED"`) {
		t.Fatalf("a refused connection is reported as ECONNREFUSED: %s", out.String())
	}
	if _, err := parseSamplerFlags([]string{"--rate", "0", "--url", "x"}); err == nil {
		t.Fatal("a rate of 0 is refused")
	}
}

// An Ingress controller picks the site by the Host header: the sampler and /fetch can name it.
func TestSamplerAndFetchSendTheHostTheyAreGiven(t *testing.T) {
	hosts := make(chan string, 4)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hosts <- r.Host
		w.Header().Set("X-Pod", "pod-b")
		w.Write([]byte(`{"pod":"pod-b"}`))
	}))
	defer up.Close()
	var out strings.Builder
	if err := runSampler([]string{"--url", up.URL + "/", "--host", "a.example", "--count", "1", "--rate", "100"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := <-hosts; got != "a.example" {
		t.Fatalf("the sampler sent Host %q, want a.example", got)
	}
	rec := do(t, newServer(serverConfig{}).routes(), "GET", "/fetch?url="+up.URL+"/x&host=b.example")
	if got := <-hosts; got != "b.example" {
		t.Fatalf("/fetch sent Host %q, want b.example", got)
	}
	var answer struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		t.Fatal(err)
	}
	if answer.Status != 200 || answer.Headers["x-pod"] != "pod-b" || answer.Body != `{"pod":"pod-b"}` {
		t.Fatalf("unexpected relayed answer %+v", answer)
	}
}

// A grader brings the app to a working set of its own choosing, whatever ALLOCATE_MB held already.
func TestAllocateUpToATotal(t *testing.T) {
	h := newServer(serverConfig{}).routes()
	held := func(path string) int {
		rec := do(t, h, "POST", path)
		var answer struct {
			AllocatedMiB int `json:"allocatedMiB"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
		}
		return answer.AllocatedMiB
	}
	if got := held("/allocate?mb=3"); got != 3 {
		t.Fatalf("mb=3 holds 3, got %d", got)
	}
	if got := held("/allocate?totalMb=5"); got != 5 {
		t.Fatalf("totalMb=5 after 3 holds 5, got %d", got)
	}
	if got := held("/allocate?totalMb=2"); got != 5 {
		t.Fatalf("totalMb=2 never gives memory back, got %d", got)
	}
	if rec := do(t, h, "POST", "/allocate?totalMb=0"); rec.Code != http.StatusBadRequest {
		t.Fatalf("totalMb=0 is refused, got %d", rec.Code)
	}
}
