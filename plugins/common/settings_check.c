/* settings_check.c — see settings_check.h. */
#include "config.h"

#include "settings_check.h"

sluice_status settings_validate(const sluice_host *host, void *settings, size_t settings_size,
                                settings_problems_fn problems, sluice_problem_callback problem,
                                void *context)
{
    if (host->config_load(host, settings, settings_size) != SLUICE_OK)
        return SLUICE_ERROR;
    return problems(settings, problem, context) ? SLUICE_ERROR : SLUICE_OK;
}

/* A problem becomes the instance's error (a later one replaces it). */
static void problem_to_error(void *context, const char *key, const char *message)
{
    const sluice_host *host = context;
    if (key)
        host->errorf(host, "invalid setting", NULL, "[%s] %s: %s", host->instance_name, key,
                     message);
    else
        host->error(host, message, NULL, NULL);
}

sluice_status settings_check_at_open(const sluice_host *host, const void *settings,
                                     settings_problems_fn problems)
{
    return problems(settings, problem_to_error, (void *)host) ? SLUICE_ERROR : SLUICE_OK;
}
