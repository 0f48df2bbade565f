"""Synthetic web-crawl corpus generation shared by scripts/make-sample-data and bench/make-corpus.

Real text comes from Debian packages (man pages, fortunes, copyright and README
files); the web-page furniture around it (navigation, cookie banners, spam,
lorem ipsum) is written here. Modules, in dependency order:

  debian     which files a package installed, its version and license
  roff       man(7) source -> plain-text sections
  sources    loads every text source once into memory
  templates  hand-written web boilerplate, spam and filler vocabularies
  mix        draws documents by category, plants exact and near duplicates
  records    wraps a document into a JSON record (id, url, dump, metadata)
  malformed  deliberately broken JSONL lines
  shards     writes .jsonl / .jsonl.gz / .jsonl.zst shards reproducibly
"""
