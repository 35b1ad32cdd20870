/**
 * Boot measurements of one dstack OS release on one VM shape: MRTD and RTMR0-2 as a real quote reported them.
 * RTMR0 depends on the VM shape (vCPUs, memory, GPUs, QEMU version, PCI hole), so each shape is its own entry.
 */
export type DstackOsMeasurement = {
  /** dstack OS release, e.g. `dstack-0.5.4.1`. */
  release: string
  /** VM shape the values hold for, e.g. `16cpu-64g-1gpu`. */
  vm: string
  /** sha256 of the image's sha256sum.txt, as vm_config.os_image_hash reports it. */
  osImageHash: string
  mrtd: string
  rtmr0: string
  rtmr1: string
  rtmr2: string
  /** Where the values were read, so anyone can check them. */
  source: string
}

/**
 * The dstack OS releases whose measurements are known here, each read from a real quote (never computed or
 * guessed). `licen-attest policy derive` refuses a release or shape that is not in this table: measure it
 * (a quote from a CVM booted on it, or dstack's `dstack-mr` on the downloaded image) and add it with its source.
 */
export const DSTACK_OS_MEASUREMENTS: readonly DstackOsMeasurement[] = [
  {
    release: 'dstack-0.5.4.1',
    vm: '16cpu-64g-1gpu',
    osImageHash: '14ad42d0270b444eaeb53918a5a94d9b17eec7a817cd336173b17c5327541c67',
    mrtd: 'b24d3b24e9e3c16012376b52362ca09856c4adecb709d5fac33addf1c47e193da075b125b6c364115771390a5461e217',
    rtmr0: '2e3843265f8ecdd4e2282694747f6f2f111605c33f2a8882f5734ee6f3a6ce63d8f34aeef06093dcda76fa5f9d33d8d6',
    rtmr1: 'a1b79d76021970f57c45c4a7c395f780bab37011a4df27fe44e8559bd1abb4d6e52f12f866d1d08405448eb797a5970f',
    rtmr2: '1e31b59d605df7ee8160cf7966be9bafa6d0e1905de7e09695a24cd9748e71a603a51fae1297619fa0c30517addbcd07',
    source:
      'Intel-signed quote in Dstack-TEE/dstack dstack/verifier/fixtures/quote-report.json (copied to test/fixtures/dstack/quote-report.json): vm_config os_image_hash 14ad42d0…1c67, 16 vCPU, 64 GiB, 1 GPU, QEMU 9.2.1, hotplug off; dstack names that image full-tdx-0.5.4.1 (docs/test-plans/core-components-full/automation/prepare-tdxlab-run.sh, commit baeee560) and serves it at https://download.dstack.org/os-images/mr_<os_image_hash>.tar.gz',
  },
]
