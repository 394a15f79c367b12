# doc/local.mk — the man pages, the documents and the plugin author's kit.
# sluice.ini(5) is generated at build time
# from the key tables in the code (`sluice config-keys` over the built
# plugins), so it cannot drift from them; sluice(1) and sluice-plugin(7)
# are written by hand (tests/docs checks them against the code), and so is
# sluice-synth(1) (tests/synth/man_page.sh checks it against --help).
# sluice-sink(7) and sluice-source(7) say what each command asks of a
# plugin.  The documents go to $(docdir), the skeleton plugins (sources,
# Makefile, README) to $(docdir)/skeleton, from where they build against
# the installation (tests/docs/install_layout.sh, tests/docs/skeleton.sh).

dist_man_MANS = doc/sluice.1 doc/sluice-plugin.7 doc/sluice-sink.7 doc/sluice-source.7 \
	doc/sluice-migrations.7 \
	doc/sluice-synth.1
dist_doc_DATA = doc/design.md doc/data-model.md doc/sink-postgres.md doc/sink-stdout.md \
	doc/source-archive.md doc/source-captive-core.md doc/notes-xdr.md \
	doc/history-archives.md
skeletondir = $(docdir)/skeleton
dist_skeleton_DATA = plugins-contrib/skeleton/Makefile plugins-contrib/skeleton/README.md \
	plugins-contrib/skeleton/source_skeleton.c plugins-contrib/skeleton/sink_skeleton.c
nodist_man_MANS = doc/sluice.ini.5
EXTRA_DIST += doc/sluice.ini.5.in doc/config-keys-man.awk
CLEANFILES += doc/sluice.ini.5 doc/sluice.ini.keys doc/sluice.ini.keys.all

# The page documents the installed plugins: not the tests' dummy source,
# which make check builds beside them.
doc/sluice.ini.5: $(srcdir)/doc/sluice.ini.5.in $(srcdir)/doc/config-keys-man.awk \
		sluice$(EXEEXT) $(pkglib_LTLIBRARIES)
	$(MKDIR_P) doc
	./sluice$(EXEEXT) config-keys plugins/.libs > doc/sluice.ini.keys.all
	$(AWK) -F '\t' '$$2 != "dummy"' doc/sluice.ini.keys.all > doc/sluice.ini.keys
	$(AWK) -F '\t' -v version='$(VERSION)' -f $(srcdir)/doc/config-keys-man.awk \
		doc/sluice.ini.keys $(srcdir)/doc/sluice.ini.5.in > $@.tmp
	mv $@.tmp $@
