/* A C extension raising audit events (SPEC §9): the arity comes from the Py_BuildValue format. */
#include <Python.h>

static PyObject *
speedups_load(PyObject *module, PyObject *args)
{
    PyObject *path;
    int flags;
    if (!PyArg_ParseTuple(args, "Oi", &path, &flags)) {
        return NULL;
    }
    /* a custom event: app.py's hook unpacks it as (path, flags) */
    if (PySys_Audit("myapp.speedups.load", "Oi", path, flags) < 0) {
        return NULL;
    }
    /* arity: open takes (path, mode, flags); this format builds 2 */
    if (PySys_Audit("open", "Os", path, "rb") < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}
