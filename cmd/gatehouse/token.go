package main

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// runToken mints a development token: a compact JWS signed with a key file,
// printed on stdout. For tests and local runs only; production tokens come from
// an identity provider.
func runToken(args []string, stdout, stderr io.Writer) int {
	return mintToken(args, stdout, stderr, time.Now)
}

func mintToken(args []string, stdout, stderr io.Writer, now func() time.Time) int {
	fs := flag.NewFlagSet("gatehouse token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyPath := fs.String("key", "", "private key `file`: PEM (PKCS#8, PKCS#1 RSA, SEC1 EC) for RS/PS/ES/EdDSA, base64 secret for HS")
	alg := fs.String("alg", "RS256", "signature `algorithm`: RS256..512, PS256..512, ES256..512, EdDSA, HS256..512")
	kid := fs.String("kid", "", "key id for the header")
	claimsJSON := fs.String("claims", "", "claims as a JSON `object`; the flags below override its members")
	sub := fs.String("sub", "", "sub claim")
	iss := fs.String("iss", "", "iss claim")
	aud := fs.String("aud", "", "aud claim; commas make an array")
	exp := fs.Duration("exp", time.Hour, "lifetime: exp = now + this; 0 leaves exp out")
	scope := fs.String("scope", "", `scope claim, space-delimited ("a b")`)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *keyPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: gatehouse token --key FILE [--alg RS256] [--kid K] [--claims JSON] [--sub S] [--iss I] [--aud A] [--exp 1h] [--scope \"a b\"]")
		return 2
	}
	claims := map[string]any{}
	if *claimsJSON != "" {
		if err := json.Unmarshal([]byte(*claimsJSON), &claims); err != nil || claims == nil {
			fmt.Fprintf(stderr, "gatehouse token: --claims: want a JSON object (%v)\n", err)
			return 2
		}
	}
	t := now()
	claims["iat"] = t.Unix()
	if *exp > 0 {
		claims["exp"] = t.Add(*exp).Unix()
	}
	for name, v := range map[string]string{"sub": *sub, "iss": *iss, "scope": *scope} {
		if v != "" {
			claims[name] = v
		}
	}
	if *aud != "" {
		if list := strings.Split(*aud, ","); len(list) > 1 {
			claims["aud"] = list
		} else {
			claims["aud"] = *aud
		}
	}
	key, err := readSigningKey(*keyPath, jose.SignatureAlgorithm(*alg))
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse token: %v\n", err)
		return 1
	}
	tok, err := signToken(jose.SignatureAlgorithm(*alg), key, *kid, claims)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse token: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, tok)
	return 0
}

// signToken signs claims as a compact JWS with typ JWT.
func signToken(alg jose.SignatureAlgorithm, key any, kid string, claims map[string]any) (string, error) {
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// readSigningKey reads the key file for alg: a base64 secret for HS, else a
// PEM private key.
func readSigningKey(path string, alg jose.SignatureAlgorithm) (any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(string(alg), "HS") {
		secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
		if err != nil {
			return nil, fmt.Errorf("%s: want a base64 secret for %s", path, alg)
		}
		return secret, nil
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s: no PEM block", path)
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	return nil, errors.New(path + ": not a PKCS#8, PKCS#1 or SEC1 private key")
}
