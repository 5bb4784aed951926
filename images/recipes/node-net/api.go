package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

// node holds the few fields of a Node object the agent needs.
type node struct {
	Metadata struct {
		Name            string `json:"name"`
		ResourceVersion string `json:"resourceVersion"`
	} `json:"metadata"`
	Spec struct {
		PodCIDR string `json:"podCIDR"`
	} `json:"spec"`
	Status struct {
		Addresses []struct {
			Type    string `json:"type"`
			Address string `json:"address"`
		} `json:"addresses"`
	} `json:"status"`
}

func (n node) internalIP() string {
	for _, a := range n.Status.Addresses {
		if a.Type == "InternalIP" {
			return a.Address
		}
	}
	return ""
}

type apiClient struct {
	base string
	http *http.Client
}

func newAPIClient(base string) (*apiClient, error) {
	caPEM, err := os.ReadFile(serviceAccountDir + "/ca.crt")
	if err != nil {
		return nil, fmt.Errorf("reading the service account CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, errorf("no certificate found in %s/ca.crt", serviceAccountDir)
	}
	transport := &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout: 10 * time.Second,
		IdleConnTimeout:     90 * time.Second,
	}
	return &apiClient{base: base, http: &http.Client{Transport: transport}}, nil
}

func (a *apiClient) get(ctx context.Context, path string) (*http.Response, error) {
	// The projected token rotates: read it on every request.
	token, err := os.ReadFile(serviceAccountDir + "/token")
	if err != nil {
		return nil, fmt.Errorf("reading the service account token: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+string(token))
	req.Header.Set("Accept", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s: %s", path, resp.Status, body)
	}
	return resp, nil
}

// listAndWatchNodes lists the nodes, hands the full set to onChange, then follows a watch
// from the list's resourceVersion, calling onChange after every event. It returns when the
// watch ends (server timeout, error or cancellation); the caller lists again.
func (a *apiClient) listAndWatchNodes(ctx context.Context, onChange func(map[string]node)) error {
	resp, err := a.get(ctx, "/api/v1/nodes")
	if err != nil {
		return err
	}
	var list struct {
		Metadata struct {
			ResourceVersion string `json:"resourceVersion"`
		} `json:"metadata"`
		Items []node `json:"items"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("decoding the node list: %w", err)
	}
	nodes := map[string]node{}
	for _, n := range list.Items {
		nodes[n.Metadata.Name] = n
	}
	onChange(nodes)

	watchCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	resp, err = a.get(watchCtx, "/api/v1/nodes?watch=1&timeoutSeconds=300&resourceVersion="+list.Metadata.ResourceVersion)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// A periodic resync repairs routes even when no event arrives.
	resync := time.NewTicker(30 * time.Second)
	defer resync.Stop()
	events := make(chan watchEvent)
	errs := make(chan error, 1)
	go func() { errs <- decodeEvents(watchCtx, resp.Body, events) }()
	for {
		select {
		case <-watchCtx.Done():
			return nil
		case err := <-errs:
			return err
		case <-resync.C:
			onChange(nodes)
		case ev := <-events:
			switch ev.Type {
			case "ADDED", "MODIFIED":
				nodes[ev.Object.Metadata.Name] = ev.Object
			case "DELETED":
				delete(nodes, ev.Object.Metadata.Name)
			case "ERROR":
				return errorf("watch error event (resourceVersion too old?): relisting")
			}
			onChange(nodes)
		}
	}
}

type watchEvent struct {
	Type   string `json:"type"`
	Object node   `json:"object"`
}

func decodeEvents(ctx context.Context, body io.Reader, out chan<- watchEvent) error {
	dec := json.NewDecoder(body)
	for {
		var ev watchEvent
		if err := dec.Decode(&ev); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		select {
		case out <- ev:
		case <-ctx.Done():
			return nil
		}
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
