/* test_loader.c — unit tests of plugin loading: the built plugins load,
 * and each broken or unsafe file is refused with a message naming it and
 * the cause.  Uses real dlopen on real shared objects. */
#include "config.h"

#include "host/abi_check.h"
#include "host/loader.h"
#include "testlib.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *plugin_build_dir;
static const char *test_plugin_dir;

static void path_in(char *out, const char *dir, const char *file)
{
    snprintf(out, PATH_MAX, "%s/%s", dir, file);
}

/* Load path as kind; expect failure whose message and detail contain the
 * given texts. */
static void expect_refused(const char *path, sluice_plugin_kind kind, const char *in_message,
                           const char *in_detail)
{
    loaded_plugin plugin;
    error_report err;
    memset(&err, 0, sizeof err);
    CHECK_MSG(plugin_load_file(path, kind, &plugin, &err) == -1, "%s loaded", path);
    CHECK_STR_CONTAINS(err.message, path);
    CHECK_STR_CONTAINS(err.message, in_message);
    CHECK_STR_CONTAINS(err.detail, in_detail);
}

/* plugin_load with the search path dirs (no built-in directory). */
static int load_from(const char *dirs, const char *name, loaded_plugin *plugin,
                     error_report *err)
{
    plugin_search_path search;
    if (plugin_search_path_open(&search, dirs, 0, err) != 0)
        return -1;
    int result = plugin_load(&search, name, SLUICE_PLUGIN_SOURCE, plugin, err);
    plugin_search_path_free(&search);
    return result;
}

static void test_good_plugins_load(void)
{
    loaded_plugin plugin;
    error_report err;
    CHECK(load_from(plugin_build_dir, "dummy", &plugin, &err) == 0);
    CHECK(plugin.descriptor && strcmp(plugin.descriptor->name, "dummy") == 0);
    CHECK(plugin.descriptor && plugin.descriptor->kind == SLUICE_PLUGIN_SOURCE);
    plugin_unload(&plugin);
    plugin_search_path search;
    CHECK(plugin_search_path_open(&search, plugin_build_dir, 0, &err) == 0);
    CHECK(plugin_load(&search, "stdout", SLUICE_PLUGIN_SINK, &plugin, &err) == 0);
    plugin_unload(&plugin);
    plugin_search_path_free(&search);
}

static void test_broken_plugins_are_refused(void)
{
    char path[PATH_MAX];
    path_in(path, test_plugin_dir, "bad_abi.so");
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "is refused",
                   "built for ABI version 4.0, this sluice has ABI version 3.2");
    path_in(path, test_plugin_dir, "newer_minor_abi.so");
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "is refused",
                   "built for ABI version 3.3, this sluice has ABI version 3.2");
    path_in(path, test_plugin_dir, "old_abi.so");
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "is refused",
                   "built for ABI version 2, this sluice has ABI version 3.2");
    path_in(path, test_plugin_dir, "bad_layout.so");
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "is refused",
                   "built with SLUICE_STRKEY_SIZE = 57, this sluice has 72");
    path_in(path, test_plugin_dir, "no_descriptor.so");
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "is not a sluice plugin", "sluice_plugin");
    path_in(path, test_plugin_dir, "missing_callback.so");
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "is refused", "'next' is NULL");
    path_in(path, plugin_build_dir, "sink_stdout.so");
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "is refused",
                   "it is a sink plugin, but a source plugin is needed here");
}

static void read_small_file(const char *path, char *out, size_t size)
{
    FILE *file = fopen(path, "r");
    size_t n = file ? fread(out, 1, size - 1, file) : 0;
    out[n] = '\0';
    if (file)
        fclose(file);
}

static sluice_status never_open(const sluice_host *host, void **instance)
{
    (void)host;
    *instance = NULL;
    return SLUICE_ERROR;
}
static sluice_status never_prepare(void *instance, uint32_t from, uint32_t to)
{
    (void)instance;
    (void)from;
    (void)to;
    return SLUICE_ERROR;
}
static sluice_status never_next(void *instance, sluice_frame *frame)
{
    (void)instance;
    (void)frame;
    return SLUICE_ERROR;
}
static void never_close(void *instance) { (void)instance; }

/* A descriptor as an older minor wrote it, in memory: the members past its
 * declared size (here init and fini, filled with garbage) read as absent,
 * and config keys are read at the declared element size. */
static void test_declared_sizes(void)
{
    typedef struct wider_key {
        sluice_config_key key;
        char grown[16];          /* what a newer config.h might append */
    } wider_key;
    static const wider_key keys[] = {
        {{"alpha", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0, "first", SLUICE_CONFIG_UNBOUND},
         "xxxxxxxxxxxxxxx"},
        {{"beta", SLUICE_CONFIG_INT, "3", NULL, 0, 9, 0, "second", SLUICE_CONFIG_UNBOUND},
         "yyyyyyyyyyyyyyy"},
        {SLUICE_CONFIG_END, ""},
    };
    static const sluice_source_ops ops = {sizeof ops, never_open, never_prepare, never_next,
                                          NULL, never_close};
    sluice_plugin_descriptor d = {SLUICE_PLUGIN_HEADER, .kind = SLUICE_PLUGIN_SOURCE,
                                .name = "older", .version = "0", .description = "x",
                                .config_keys = &keys[0].key, .source = &ops};
    d.struct_size = (uint32_t)SLUICE_SIZE_THROUGH(sluice_plugin_descriptor, sink);
    d.config_key_size = sizeof(wider_key);
    memset((char *)&d + d.struct_size, 0xab, sizeof d - d.struct_size);
    plugin_abi_copy copy;
    int rebuild;
    char why[256];
    CHECK_MSG(abi_copy_descriptor(&d, &copy, &rebuild, why, sizeof why) == 0, "%s", why);
    CHECK(copy.descriptor.init == NULL && copy.descriptor.fini == NULL);
    CHECK(copy.descriptor.source == &copy.source && copy.source.next == never_next);
    CHECK(copy.config_keys && strcmp(copy.config_keys[1].name, "beta") == 0 &&
          strcmp(copy.config_keys[1].default_value, "3") == 0 && !copy.config_keys[2].name);
    abi_copy_free(&copy);

    d.config_key_size = 8;
    CHECK(abi_copy_descriptor(&d, &copy, &rebuild, why, sizeof why) == -1);
    CHECK_STR_CONTAINS(why, "config_key_size is 8");
    abi_copy_free(&copy);
    d.config_key_size = sizeof(wider_key);
    d.struct_size = (uint32_t)SLUICE_SIZE_THROUGH(sluice_plugin_descriptor, config_keys);
    CHECK(abi_copy_descriptor(&d, &copy, &rebuild, why, sizeof why) == -1);
    CHECK_STR_CONTAINS(why, "descriptor is");
    abi_copy_free(&copy);
}

/* SLUICE_HOST_HAS compares a member's end with the host's declared size. */
static void test_host_has(void)
{
    sluice_host host;
    memset(&host, 0, sizeof host);
    host.log = NULL;
    host.cancelled = (int (*)(const sluice_host *))1;
    host.errorf = (void (*)(const sluice_host *, const char *, const char *, const char *, ...))1;
    host.struct_size = (uint32_t)SLUICE_SIZE_THROUGH(sluice_host, frame_walk);
    CHECK(SLUICE_HOST_HAS(&host, cancelled));
    CHECK(!SLUICE_HOST_HAS(&host, errorf));   /* past the size: a 3.0 core's table */
    CHECK(!SLUICE_HOST_HAS(&host, log));      /* within it but NULL */
    host.struct_size = sizeof host;
    CHECK(SLUICE_HOST_HAS(&host, errorf));
}

/* init runs once after each load, fini once before its unload; a failing
 * init refuses the plugin with its reason, and then fini does not run. */
static void test_init_and_fini(void)
{
    char path[PATH_MAX], log_path[] = "/tmp/sluice-lifecycle-XXXXXX";
    int fd = mkstemp(log_path);
    CHECK(fd >= 0);
    close(fd);
    setenv("SLUICE_TEST_LIFECYCLE_LOG", log_path, 1);
    path_in(path, test_plugin_dir, "lifecycle.so");
    loaded_plugin plugin;
    error_report err;
    CHECK(plugin_load_file(path, SLUICE_PLUGIN_SOURCE, &plugin, &err) == 0);
    char log[64];
    read_small_file(log_path, log, sizeof log);
    CHECK_MSG(strcmp(log, "init\n") == 0, "after load: '%s'", log);
    plugin_unload(&plugin);
    read_small_file(log_path, log, sizeof log);
    CHECK_MSG(strcmp(log, "init\nfini\n") == 0, "after unload: '%s'", log);

    CHECK(truncate(log_path, 0) == 0);
    setenv("SLUICE_TEST_INIT_FAIL", "1", 1);
    expect_refused(path, SLUICE_PLUGIN_SOURCE, "its init failed", "told to fail");
    unsetenv("SLUICE_TEST_INIT_FAIL");
    read_small_file(log_path, log, sizeof log);
    CHECK_MSG(strcmp(log, "init\n") == 0, "failed init: '%s'", log);
    unsetenv("SLUICE_TEST_LIFECYCLE_LOG");
    unlink(log_path);
}

static void test_non_elf_and_unsafe_files_are_refused(void)
{
    char dir[] = "/tmp/sluice-loader-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char text_file[PATH_MAX];
    path_in(text_file, dir, "source_text.so");
    FILE *f = fopen(text_file, "w");
    fputs("this is not an ELF file\n", f);
    fclose(f);
    expect_refused(text_file, SLUICE_PLUGIN_SOURCE, "cannot load plugin", "");

    /* a good plugin copied into a world-writable file */
    char source[PATH_MAX], copy[PATH_MAX];
    path_in(source, plugin_build_dir, "source_dummy.so");
    path_in(copy, dir, "source_dummy.so");
    char command[3 * PATH_MAX];
    snprintf(command, sizeof command, "cp '%s' '%s'", source, copy);
    CHECK(system(command) == 0);
    chmod(copy, 0666);
    expect_refused(copy, SLUICE_PLUGIN_SOURCE, "unsafe permissions", "writable by others");
    chmod(copy, 0644);
    chmod(dir, 0775);
    expect_refused(copy, SLUICE_PLUGIN_SOURCE, "unsafe permissions", "writable by its group");
    chmod(dir, 0700);

    loaded_plugin plugin;
    error_report err;
    CHECK(load_from(dir, "dummy", &plugin, &err) == 0);
    plugin_unload(&plugin);
    CHECK(load_from(dir, "missing", &plugin, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "no source plugin 'missing'");
    CHECK(load_from(dir, "relative/path.so", &plugin, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "is relative");

    /* a file whose descriptor name differs from the name it was found by */
    char renamed[PATH_MAX];
    path_in(renamed, dir, "source_other.so");
    rename(copy, renamed);
    CHECK(load_from(dir, "other", &plugin, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "calls itself 'dummy', not 'other'");

    unlink(renamed);
    unlink(text_file);
    rmdir(dir);
}

/* plugin_dir as a search path: in order, first wins, every directory
 * vetted, a name found nowhere lists every directory searched. */
static void test_search_path(void)
{
    char first[] = "/tmp/sluice-path-a-XXXXXX", second[] = "/tmp/sluice-path-b-XXXXXX";
    CHECK(mkdtemp(first) != NULL && mkdtemp(second) != NULL);
    char dirs[2 * PATH_MAX + 64], source[PATH_MAX], copy[PATH_MAX], command[3 * PATH_MAX];
    path_in(source, plugin_build_dir, "source_dummy.so");
    path_in(copy, second, "source_dummy.so");
    snprintf(command, sizeof command, "cp '%s' '%s'", source, copy);
    CHECK(system(command) == 0);

    loaded_plugin plugin;
    error_report err;
    snprintf(dirs, sizeof dirs, "%s:%s", first, second);
    CHECK(load_from(dirs, "dummy", &plugin, &err) == 0); /* found in the second */
    CHECK(plugin.path && strcmp(plugin.path, copy) == 0);
    plugin_unload(&plugin);

    char earlier[PATH_MAX];
    path_in(earlier, first, "source_dummy.so");
    snprintf(command, sizeof command, "cp '%s' '%s'", source, earlier);
    CHECK(system(command) == 0);
    CHECK(load_from(dirs, "dummy", &plugin, &err) == 0); /* the first directory wins */
    CHECK(plugin.path && strcmp(plugin.path, earlier) == 0);
    plugin_unload(&plugin);

    CHECK(load_from(dirs, "absent", &plugin, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "no source plugin 'absent'");
    CHECK_STR_CONTAINS(err.detail, "source_absent.so is in none of the directories searched: ");
    CHECK_STR_CONTAINS(err.detail, dirs + strlen(first) + 1); /* the second ... */
    CHECK_STR_CONTAINS(err.detail, first);                   /* ... and the first */

    /* the built-in directory comes last, named as such even when absent */
    plugin_search_path search;
    char described[4096];
    CHECK(plugin_search_path_open(&search, dirs, 1, &err) == 0);
    plugin_search_path_describe(&search, described, sizeof described);
    CHECK_STR_CONTAINS(described, PLUGIN_DIR " (built-in");
    CHECK(strstr(described, second) < strstr(described, PLUGIN_DIR));
    plugin_search_path_free(&search);

    /* a missing, empty or unsafe entry is an error naming it */
    snprintf(dirs, sizeof dirs, "%s:/nonexistent/sluice-plugins", first);
    CHECK(load_from(dirs, "dummy", &plugin, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "plugin directory /nonexistent/sluice-plugins cannot be used");
    snprintf(dirs, sizeof dirs, "%s::%s", first, second);
    CHECK(load_from(dirs, "dummy", &plugin, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "plugin_dir has an empty entry");
    chmod(second, 0777);
    snprintf(dirs, sizeof dirs, "%s:%s", first, second);
    CHECK(load_from(dirs, "dummy", &plugin, &err) == -1); /* even though found in the first */
    CHECK_STR_CONTAINS(err.message, "refusing plugin directory");
    CHECK_STR_CONTAINS(err.detail, "writable by others");
    chmod(second, 0700);

    unlink(earlier);
    unlink(copy);
    rmdir(first);
    rmdir(second);
}

int main(void)
{
    plugin_build_dir = getenv("PLUGIN_BUILD_DIR");
    test_plugin_dir = getenv("TEST_PLUGIN_DIR");
    if (!plugin_build_dir || !test_plugin_dir) {
        fprintf(stderr, "PLUGIN_BUILD_DIR and TEST_PLUGIN_DIR must be set (make check does)\n");
        return 99;
    }
    RUN_CASE(test_good_plugins_load());
    RUN_CASE(test_broken_plugins_are_refused());
    RUN_CASE(test_init_and_fini());
    RUN_CASE(test_declared_sizes());
    RUN_CASE(test_host_has());
    RUN_CASE(test_non_elf_and_unsafe_files_are_refused());
    RUN_CASE(test_search_path());
    return test_finish();
}
