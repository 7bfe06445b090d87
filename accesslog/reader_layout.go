package accesslog

import (
	"context"
	"strings"
	"time"
)

// roots plans the listings of a read from the location's layout, finding
// the layout first when it is not known: one listing of the prefix's
// first page tells simple log objects from a partitioned layout's account
// folders. A prefix with neither holds no logs yet: nothing to list.
func (rd *Reader) roots(ctx context.Context, req Request, res *Result) ([]keyList, error) {
	loc := &res.Location
	switch loc.Layout {
	case LayoutSimple:
		return []keyList{simpleRoot(loc.Prefix, req.Since)}, nil
	case LayoutPartitioned:
		return rd.partitionRoots(ctx, req, res, nil)
	}
	res.Lists++
	page, err := rd.store.ListPage(ctx, loc.Bucket, loc.Prefix, "")
	if err != nil {
		return nil, listError(loc.Bucket, err)
	}
	for _, o := range page.Objects {
		if _, ok := simpleKeyTime(loc.Prefix, o.Key); ok {
			loc.Layout = LayoutSimple
			return []keyList{simpleRoot(loc.Prefix, req.Since)}, nil
		}
	}
	var accounts []string
	for _, f := range page.Folders {
		if isAccountFolder(loc.Prefix, f) {
			accounts = append(accounts, f)
		}
	}
	if len(accounts) == 0 {
		return nil, nil // no logs yet
	}
	if !page.Last() {
		accounts = nil // more folders than one page: list them all
	}
	loc.Layout = LayoutPartitioned
	return rd.partitionRoots(ctx, req, res, accounts)
}

// simpleRoot is the listing of a simple layout.
func simpleRoot(prefix string, since time.Time) keyList {
	return keyList{prefix: prefix, startAfter: simpleStartAfter(prefix, since), parse: func(key string) bool {
		_, ok := simpleKeyTime(prefix, key)
		return ok
	}}
}

// partitionList is the listing of one source bucket's folder of a
// partitioned layout.
func partitionList(root string, since time.Time) keyList {
	return keyList{prefix: root, startAfter: partitionedStartAfter(root, since), parse: func(key string) bool {
		_, ok := partitionedKeyTime(root, key)
		return ok
	}}
}

// partitionRoots plans one listing per account, region and source bucket
// of a partitioned layout. The account is the location's, else the
// folders under the prefix (accountFolders when already listed); regions
// and buckets are the request's sources, else the folders found.
func (rd *Reader) partitionRoots(ctx context.Context, req Request, res *Result, accountFolders []string) ([]keyList, error) {
	loc := &res.Location
	accounts, err := rd.accounts(ctx, res, accountFolders)
	if err != nil {
		return nil, err
	}
	if len(accounts) == 1 {
		loc.Account = accounts[0]
	}
	seen := map[string]bool{}
	var lists []keyList
	for _, account := range accounts {
		roots, err := rd.sourceRoots(ctx, req, res, account)
		if err != nil {
			return nil, err
		}
		for _, root := range roots {
			if !seen[root] {
				seen[root] = true
				lists = append(lists, partitionList(root, req.Since))
			}
		}
	}
	return lists, nil
}

// accounts are the account ids of a partitioned layout.
func (rd *Reader) accounts(ctx context.Context, res *Result, folders []string) ([]string, error) {
	loc := res.Location
	if loc.Account != "" {
		return []string{loc.Account}, nil
	}
	if folders == nil {
		var err error
		if folders, _, err = rd.folders(ctx, loc.Bucket, loc.Prefix, res); err != nil {
			return nil, err
		}
	}
	var accounts []string
	for _, f := range folders {
		if isAccountFolder(loc.Prefix, f) {
			accounts = append(accounts, strings.TrimSuffix(strings.TrimPrefix(f, loc.Prefix), "/"))
		}
	}
	return accounts, nil
}

// sourceRoots are the PREFIX ACCOUNT/REGION/BUCKET/ folders of one
// account: the request's sources, else every region and bucket folder.
func (rd *Reader) sourceRoots(ctx context.Context, req Request, res *Result, account string) ([]string, error) {
	prefix := res.Location.Prefix
	if len(req.Sources) > 0 {
		var roots []string
		for _, s := range req.Sources {
			roots = append(roots, partitionRoot(prefix, account, s.Region, s.Bucket))
		}
		return roots, nil
	}
	regions, _, err := rd.folders(ctx, res.Location.Bucket, prefix+account+"/", res)
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, region := range regions {
		buckets, _, err := rd.folders(ctx, res.Location.Bucket, region, res)
		if err != nil {
			return nil, err
		}
		roots = append(roots, buckets...)
	}
	return roots, nil
}
