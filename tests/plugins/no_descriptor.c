/* no_descriptor.c — a shared object without the sluice_plugin symbol:
 * the loader must say it is not a sluice plugin. */
int no_descriptor_here(void);
int no_descriptor_here(void) { return 42; }
