/* process_metrics.c — build and process gauges from /proc/self (see
 * process_metrics.h). */
#include "config.h"

#include "base/process_metrics.h"

#include <sluice/plugin.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* CPU seconds (user + system) and resident bytes from /proc/self/stat;
 * 0, or -1 when it cannot be read or parsed. */
static int read_stat(double *cpu_seconds, unsigned long long *rss_bytes)
{
    char text[1024];
    FILE *stat = fopen("/proc/self/stat", "r");
    if (!stat)
        return -1;
    size_t n = fread(text, 1, sizeof text - 1, stat);
    fclose(stat);
    text[n] = '\0';
    /* the command name (field 2) may hold spaces: parse after its ')' */
    const char *after = strrchr(text, ')');
    unsigned long utime, stime;
    long rss_pages;
    if (!after || sscanf(after + 1,
                         " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %*d %*d %*d "
                         "%*d %*d %*d %*u %*u %ld",
                         &utime, &stime, &rss_pages) != 3)
        return -1;
    long ticks = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
    if (ticks <= 0 || page <= 0 || rss_pages < 0)
        return -1;
    *cpu_seconds = (double)(utime + stime) / (double)ticks;
    *rss_bytes = (unsigned long long)rss_pages * (unsigned long long)page;
    return 0;
}

/* Open file descriptors (entries of /proc/self/fd, less the one reading
 * it); -1 when it cannot be listed. */
static long count_open_fds(void)
{
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return -1;
    long count = 0;
    for (struct dirent *entry; (entry = readdir(dir));)
        count += entry->d_name[0] != '.';
    closedir(dir);
    return count - 1;
}

/* used after snprintf wrote n more bytes, clipped to what fits in size. */
static size_t append(size_t size, size_t used, int n)
{
    if (n < 0)
        return used;
    return used + (size_t)n < size ? used + (size_t)n : size - 1;
}

size_t process_metrics_render(char *buffer, size_t size)
{
    size_t used = append(size, 0,
                         snprintf(buffer, size,
                                  "# HELP sluice_build_info version and plugin ABI of this "
                                  "build\n# TYPE sluice_build_info gauge\n"
                                  "sluice_build_info{version=\"%s\",abi=\"%u.%u\"} 1\n",
                                  PACKAGE_VERSION, SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR));
    double cpu;
    unsigned long long rss;
    if (read_stat(&cpu, &rss) == 0)
        used = append(size, used,
                      snprintf(buffer + used, size - used,
                               "# HELP process_cpu_seconds_total user and system CPU time\n"
                               "# TYPE process_cpu_seconds_total counter\n"
                               "process_cpu_seconds_total %.2f\n"
                               "# HELP process_resident_memory_bytes resident memory size\n"
                               "# TYPE process_resident_memory_bytes gauge\n"
                               "process_resident_memory_bytes %llu\n",
                               cpu, rss));
    long fds = count_open_fds();
    if (fds >= 0)
        used = append(size, used,
                      snprintf(buffer + used, size - used,
                               "# HELP process_open_fds open file descriptors\n"
                               "# TYPE process_open_fds gauge\nprocess_open_fds %ld\n",
                               fds));
    return used;
}
