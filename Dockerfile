# The grader's image: the same locked install as `make` (requirements.lock), plus the system tools the
# strict sandbox and the feedback tests use.  Build: docker build -t genmodels-autograder .
# Grade a course: docker run --rm --privileged -v "$PWD/course:/course" genmodels-autograder \
#     autograder batch ch2_vae --course /course
# (--privileged lets bubblewrap create namespaces for --isolation strict; without it use --isolation basic.)
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap libseccomp2 chromium git make \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/genmodels-autograder
COPY requirements.lock pyproject.toml README.md ./
COPY student/ student/
RUN python -m pip install --no-cache-dir --upgrade pip \
 && python -m pip install --no-cache-dir -r requirements.lock
COPY . .
RUN python -m pip install --no-cache-dir --no-deps -e ./student -e '.[test]' \
 && python -m pip check

ENV MPLBACKEND=Agg
CMD ["autograder", "--help"]
