/* A shared library that is not a pyrite plugin: no pyrite_plugin_entry. */
int not_a_plugin_answer(void) { return 42; }
