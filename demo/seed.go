package demo

import (
	"fmt"
	"path"
	"strings"
	"sync"
	"time"
)

// Bucket names of the seeded demo data.
const (
	PhotosBucket  = "demo-photos"
	ScreensBucket = "demo-screens"
)

// SeedObject is one generated object of the demo data.
type SeedObject struct {
	Bucket      string
	Key         string
	ContentType string
	Body        []byte
	Age         time.Duration // how long before start-up it is dated
}

// spec describes one object before its body is generated.
type spec struct {
	bucket, key string
	w, h        int
	text        string                 // body of a non-image object
	body        func() ([]byte, error) // a picture tests rely on (pictures.go)
}

// photoKeys are the pictures of the main bucket, each 320x200.
var photoKeys = []string{
	"hero.png",
	"products/shoes/runner-red.jpg", "products/shoes/runner-blue.jpg",
	"products/shoes/trail-green.jpg", "products/shoes/loafer-brown.jpg",
	"products/shoes/sneaker-white.png", "products/shoes/sandal-summer.gif",
	"products/bags/tote-canvas.jpg", "products/bags/backpack-navy.jpg",
	"products/bags/clutch-gold.png", "products/bags/duffel.jpeg", "products/bags/spinner.gif",
	"products/hats/cap.png", "products/hats/beanie.jpg",
	"screenshots/2026/01-dashboard.png", "screenshots/2026/02-settings.png",
	"screenshots/2026/03-checkout.png", "screenshots/2026/04-loading.gif",
	"screenshots/2026/05-mobile.png", "screenshots/2025/old-home.png", "screenshots/2025/old-login.png",
	"designs/logo-draft.png", "designs/logo-final.png", "designs/palette.gif",
	"designs/café menu.png", "designs/poster A3.jpg", "designs/sale+promo.jpg", "designs/🎨 moodboard.png",
	"designs/icons/home.png", "designs/icons/search.png", "designs/icons/cart.gif", "designs/icons/user.png",
	"photos/2026/03/IMG_0001.JPG", "photos/2026/03/IMG_0002.JPG", "photos/2026/03/IMG_0003.JPG",
	"photos/2026/03/IMG_0004.JPG", "photos/2026/03/IMG_0005.JPEG", "photos/2026/03/IMG_0006.PNG",
}

// screenKeys are the pictures of the second, smaller bucket.
var screenKeys = []string{
	"home.png", "search.png", "detail.jpg", "cart.gif", "mobile/home.png", "mobile/menu.png",
}

// archiveCount tiny pictures under archive/ make a folder long enough to scroll.
const archiveCount = 150

// specs lists every demo object.
func specs() []spec {
	var out []spec
	out = append(out, spec{bucket: PhotosBucket, key: TestCardKey, body: testCard},
		spec{bucket: PhotosBucket, key: LargeKey, body: large})
	for _, k := range photoKeys {
		if o, ok := PhoneOrientations[k]; ok {
			out = append(out, spec{bucket: PhotosBucket, key: k, body: func() ([]byte, error) { return phonePhoto(o) }})
			continue
		}
		w, h := 320, 200
		if strings.HasPrefix(k, "designs/icons/") {
			w, h = 64, 64
		}
		out = append(out, spec{bucket: PhotosBucket, key: k, w: w, h: h})
	}
	for i := 1; i <= archiveCount; i++ {
		ext := []string{"png", "jpg", "gif"}[i%3]
		k := fmt.Sprintf("archive/thumb-%03d.%s", i, ext)
		out = append(out, spec{bucket: PhotosBucket, key: k, w: 64, h: 40})
	}
	for k, text := range texts {
		out = append(out, spec{bucket: PhotosBucket, key: k, text: text})
	}
	for _, k := range screenKeys {
		out = append(out, spec{bucket: ScreensBucket, key: k, w: 320, h: 200})
	}
	out = append(out, spec{bucket: ScreensBucket, key: "README.txt", text: screensReadme})
	return out
}

// SeedObjects generates the demo data: PNG, JPEG and GIF pictures with
// distinct patterns, plus a few text files. The bodies are the same on
// every call; Age spreads the objects over the last months.
func SeedObjects() ([]SeedObject, error) {
	ss := specs()
	out := make([]SeedObject, len(ss))
	errs := make([]error, len(ss))
	var wg sync.WaitGroup
	for i, s := range ss {
		wg.Go(func() { out[i], errs[i] = build(i, s) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// build generates the body of spec number n.
func build(n int, s spec) (SeedObject, error) {
	o := SeedObject{Bucket: s.bucket, Key: s.key, Age: time.Duration(n%97) * 37 * time.Hour}
	o.ContentType = contentType(s.key)
	if s.text != "" {
		o.Body = []byte(s.text)
		return o, nil
	}
	if s.body != nil {
		body, err := s.body()
		o.Body = body
		return o, err
	}
	format, _, _ := strings.Cut(strings.TrimPrefix(o.ContentType, "image/"), ";")
	body, err := render(format, n, s.w, s.h)
	o.Body = body
	return o, err
}

// contentType picks the Content-Type from the key's extension.
func contentType(key string) string {
	switch strings.ToLower(path.Ext(key)) {
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".bmp":
		return "image/bmp"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	default:
		return "text/plain; charset=utf-8"
	}
}
